"""Character accuracy of recognised text against the body a page was rendered from: shared by
score.py (Tesseract and mijian) and ppocr.py (PP-OCR), so both engines are measured alike."""


def distance(a, b):
    """Levenshtein distance (characters)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def squeeze(s):
    return "".join(s.split())


def accuracy(read, body):
    want = squeeze("".join(body))
    got = squeeze(read)
    # Only the body: drop what OCR read before the title (the mark line, noise).
    at = got.find(want[:4])
    if at > 0:
        got = got[at:]
    return max(0.0, 1 - distance(got, want) / len(want))
