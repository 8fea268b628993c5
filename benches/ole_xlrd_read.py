# The peer of the XLS benchmark (benches/README.md): xlrd reading every string cell.
import sys, xlrd
book = xlrd.open_workbook(sys.argv[1])
n = 0
for sh in book.sheets():
    for r in range(sh.nrows):
        n += sum(1 for v in sh.row_values(r) if isinstance(v, str) and v)
print(n)
