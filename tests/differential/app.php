<?php
// A PHP "CMS" for tests/gateway_differential.rs, run as `php -S 127.0.0.1:0 app.php`.
//
// It records what PHP itself parsed from each request, the way a CMS would read it: $_GET, $_POST,
// every uploaded file in $_FILES (name, type and contents), the raw input (php://input, which PHP
// leaves empty for multipart), the same decoded when the request says Content-Encoding gzip or
// deflate, and json_decode() of it. Each string is kept as base64 bytes (PHP does not decode
// charsets), with where it was read. One JSON line per request is appended to $DIFFTEST_RECORD and
// sent back as the answer. The test, not this file, decides whether anything read is protected.

$values = [];

function add(array &$values, string $where, $value): void {
    $values[] = [$where, base64_encode((string) $value)];
}

function walk(array &$values, string $where, $value): void {
    if (is_array($value)) {
        foreach ($value as $key => $inner) {
            add($values, "$where.key", $key);
            walk($values, "$where.$key", $inner);
        }
    } elseif ($value !== null && !is_bool($value)) {
        add($values, $where, $value);
    }
}

// $_FILES keeps the leaves of nested field names under name/type/tmp_name/...: read every file
// that a tmp_name leaf points at.
function files(array &$values, string $where, $value): void {
    if (is_array($value)) {
        foreach ($value as $key => $inner) {
            add($values, "$where.key", $key);
            files($values, "$where.$key", $inner);
        }
        return;
    }
    add($values, $where, $value);
    if (str_contains($where, '.tmp_name') && is_string($value) && $value !== '' && is_file($value)) {
        add($values, "$where.content", file_get_contents($value));
    }
}

walk($values, 'get', $_GET);
walk($values, 'post', $_POST);
files($values, 'files', $_FILES);
add($values, 'uri', $_SERVER['REQUEST_URI'] ?? '');
add($values, 'x-filename', $_SERVER['HTTP_X_FILENAME'] ?? '');
add($values, 'content-disposition', $_SERVER['HTTP_CONTENT_DISPOSITION'] ?? '');

$input = file_get_contents('php://input');
add($values, 'input', $input);
$encoding = strtolower(trim($_SERVER['HTTP_CONTENT_ENCODING'] ?? ''));
$decoded = false;
if ($encoding === 'gzip' || $encoding === 'x-gzip') {
    $decoded = @gzdecode($input);
} elseif ($encoding === 'deflate') {
    $decoded = @gzuncompress($input);
    if ($decoded === false) {
        $decoded = @gzinflate($input);
    }
}
if ($decoded !== false) {
    $input = $decoded;
    add($values, 'input.decoded', $input);
    parse_str($input, $form);
    walk($values, 'input.form', $form);
}
$type = strtolower($_SERVER['CONTENT_TYPE'] ?? '');
$first = ltrim($input)[0] ?? '';
if (str_contains($type, 'json') || $first === '{' || $first === '[') {
    walk($values, 'json', json_decode($input, true));
}

$record = [
    'app' => 'php',
    'case' => $_SERVER['HTTP_X_DIFFTEST_CASE'] ?? null,
    'method' => $_SERVER['REQUEST_METHOD'] ?? '',
    'verdict' => $_SERVER['HTTP_X_MIJIAN_VERDICT'] ?? null,
    'request_id' => $_SERVER['HTTP_X_MIJIAN_REQUEST_ID'] ?? null,
    'rules_version' => $_SERVER['HTTP_X_MIJIAN_RULES_VERSION'] ?? null,
    'content_type' => $_SERVER['CONTENT_TYPE'] ?? null,
    'content_encoding' => $_SERVER['HTTP_CONTENT_ENCODING'] ?? null,
    'values' => $values,
];
$line = json_encode($record, JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE) . "\n";
file_put_contents(getenv('DIFFTEST_RECORD'), $line, FILE_APPEND | LOCK_EX);
header('Content-Type: application/json');
echo $line;
