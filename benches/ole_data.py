# Benchmark data for the XLS/PPT readers (not committed): a 60,000-row workbook and a
# 400-slide deck of Chinese prose, written by openpyxl/python-pptx, converted by LibreOffice.
import random, openpyxl
from pptx import Presentation
from pptx.util import Inches
random.seed(7)
words = "为进一步加强政务公开工作现将有关事项通知如下各单位要高度重视认真组织实施确保各项任务落到实处统计年度项目资金预算执行情况".replace("", " ").split()
def phrase(n): return "".join(random.choice(words) for _ in range(n))
wb = openpyxl.Workbook(); ws = wb.active
for r in range(60000):
    ws.append([phrase(6), phrase(10), r, phrase(4), phrase(12), r * 1.5])
wb.save("big.xlsx")
p = Presentation()
for i in range(400):
    s = p.slides.add_slide(p.slide_layouts[1])
    s.shapes.title.text = phrase(8)
    s.placeholders[1].text = "\n".join(phrase(30) for _ in range(6))
    s.notes_slide.notes_text_frame.text = phrase(60)
p.save("big.pptx")

import subprocess
for name in ["big.xlsx", "big.pptx"]:
    subprocess.run(["soffice", "--headless", "--convert-to", "xls" if name.endswith("xlsx") else "ppt", name], check=True)
