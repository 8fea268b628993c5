#!/usr/bin/env python3
"""The OCR test set of benches/ocr/run.sh: Chinese page heads rendered to pictures.

Each page is the upper half of an A4 page in the GB/T 9704 layout: on two thirds of the pages a
mark (机密★1年, 绝密★启用前, 秘密…) in red or black 黑体 at 10–22 pt on the second line of the type
area, left (GB/T 9704-2012) or right (older practice); then a title and body paragraphs at 16 pt
(三号) made from public-notice sentences. Conditions:

  clean    rendered at 200 dpi, PNG
  scan300  300 dpi, tilted up to 1°, paper noise, JPEG quality 75
  scan200  200 dpi, likewise
  photo    200 dpi, then a phone photo: perspective, uneven light, blur, JPEG quality 70

    python3 make_set.py OUT [PAGES_PER_CONDITION]   # python3-pil, fonts-wqy-zenhei

Writes OUT/<condition>/pNNN.{png,jpg} and OUT/truth.json ({file: {mark, body}}). Deterministic.
"""
import json
import os
import random
import sys

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
MARKS = ["机密★1年", "绝密★启用前", "秘密★6个月", "秘密", "机密", "绝密★10年", "此件不予公开", "内部资料 注意保存"]
TITLES = ["关于做好年度统计工作的通知", "关于加强安全生产管理的意见", "关于印发工作要点的通知", "关于开展专项检查的通知"]
SENTENCES = [
    "各区人民政府，市政府各委、办、局：", "为进一步做好相关工作，现将有关事项通知如下。",
    "各单位要高度重视，明确责任分工，确保各项任务落到实处。", "请于本月底前将工作进展情况报送市政府办公厅。",
    "要坚持问题导向，加强统筹协调，形成工作合力。", "对工作中发现的问题，要及时研究解决，重大情况及时报告。",
    "本通知自印发之日起施行。", "各地要结合实际，制定具体实施方案，认真组织实施。",
    "加强宣传引导，营造良好社会氛围。", "做好信息公开工作，及时回应社会关切。",
]
RED, BLACK = (210, 20, 20), (20, 20, 20)


def render(rnd, dpi, mark):
    px = lambda mm: int(mm * dpi / 25.4)
    pt = lambda p: int(p * dpi / 72)
    w, h = px(210), px(148)
    im = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(im)
    left, top, right = px(28), px(37), w - px(26)
    line = pt(16) * 1.75
    if mark:
        size = rnd.choice([10, 12, 14, 16, 18, 22])
        font = ImageFont.truetype(FONT, pt(size))
        colour = rnd.choice([RED, BLACK])
        x = left if rnd.random() < 0.5 else right - d.textlength(mark, font=font)
        d.text((x, top + line), mark, font=font, fill=colour)
    title_font = ImageFont.truetype(FONT, pt(22))
    title = rnd.choice(TITLES)
    y = top + 3 * line
    d.text(((w - d.textlength(title, font=title_font)) / 2, y), title, font=title_font, fill=BLACK)
    y += line * 1.6
    body_font = ImageFont.truetype(FONT, pt(16))
    body = []
    while y + line < h - px(10):
        s = rnd.choice(SENTENCES)
        # Lines as wide as the type area holds.
        while d.textlength(s, font=body_font) > right - left:
            s = s[:-1]
        d.text((left, y), s, font=body_font, fill=BLACK)
        body.append(s)
        y += line
    return im, [title] + body


def scanned(rnd, im):
    im = im.rotate(rnd.uniform(-1, 1), resample=Image.BICUBIC, fillcolor=(250, 250, 248))
    noise = Image.effect_noise(im.size, 18).convert("RGB")
    return Image.blend(im, noise, 0.08)


def photographed(rnd, im):
    w, h = im.size
    dx, dy = w * 0.06, h * 0.06
    quad = [rnd.uniform(0, dx), rnd.uniform(0, dy), rnd.uniform(0, dx), h - rnd.uniform(0, dy),
            w - rnd.uniform(0, dx), h - rnd.uniform(0, dy), w - rnd.uniform(0, dx), rnd.uniform(0, dy)]
    im = im.transform((w, h), Image.QUAD, quad, resample=Image.BICUBIC, fillcolor=(110, 100, 90))
    light = Image.radial_gradient("L").resize((w, h)).point(lambda v: 255 - v // 3)
    im = Image.composite(im, Image.new("RGB", (w, h), (70, 65, 60)), light)
    return im.filter(ImageFilter.GaussianBlur(1.0))


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    truth = {}
    for condition, dpi in [("clean", 200), ("scan300", 300), ("scan200", 200), ("photo", 200)]:
        rnd = random.Random(condition)
        os.makedirs(os.path.join(out, condition), exist_ok=True)
        for i in range(n):
            mark = rnd.choice(MARKS) if i % 3 != 2 else None
            im, body = render(rnd, dpi, mark)
            if condition == "clean":
                name = f"{condition}/p{i:03}.png"
                im.save(os.path.join(out, name))
            else:
                im = scanned(rnd, im) if condition.startswith("scan") else photographed(rnd, im)
                name = f"{condition}/p{i:03}.jpg"
                im.save(os.path.join(out, name), quality=75 if condition.startswith("scan") else 70)
            truth[name] = {"mark": mark, "body": body}
    with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=0)


if __name__ == "__main__":
    main()
