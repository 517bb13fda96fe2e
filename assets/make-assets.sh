#!/bin/sh
# SPDX-License-Identifier: MIT
# Draws the demo playlist's pictures with ImageMagick and the bundled fonts:
#   infographic.png  a 1400x1000 notice (4:3-ish: pillarboxed on a 16:9 pano)
#   photo.jpg        a 1280x720 "photo" of a ward office at dawn (cover)
# Run from the source root: sh assets/make-assets.sh
set -eu
cd "$(dirname "$0")/../.."
X=fonts/BeVietnamPro_800ExtraBold.ttf
B=fonts/BeVietnamPro_700Bold.ttf
S=fonts/BeVietnamPro_600SemiBold.ttf

# Fine hatching under the steps: what aliases if a picture is shrunk
# without filtering.
hatch=""
i=40
while [ $i -le 1360 ]; do
    hatch="$hatch line $i,700 $((i + 20)),720"
    i=$((i + 5))
done

convert -size 1400x1000 xc:'#fff8e7' \
    -fill '#a50000' -draw 'rectangle 0,0 1400,190' \
    -font $X -pointsize 64 -fill '#ffde00' -gravity north -annotate +0+28 'NỘP HỒ SƠ TRỰC TUYẾN' \
    -font $S -pointsize 38 -fill white -annotate +0+118 'Cổng Dịch vụ công quốc gia — 3 bước' \
    -gravity northwest \
    -stroke '#a50000' -strokewidth 14 -draw 'line 340,380 550,380 line 820,380 1030,380' \
    -stroke none -fill '#a50000' -draw 'polygon 550,345 595,380 550,415 polygon 1030,345 1075,380 1030,415' \
    -fill '#0b3d91' -draw 'circle 220,380 220,275 circle 700,380 700,275 circle 1180,380 1180,275' \
    -font $X -pointsize 130 -fill white -gravity center \
    -annotate -480-122 '1' -annotate +0-122 '2' -annotate +480-122 '3' \
    -font $B -pointsize 46 -fill '#1a1a1a' \
    -annotate -480+30 'Đăng nhập' -annotate +0+30 'Chọn thủ tục' -annotate +480+30 'Nhận kết quả' \
    -font $S -pointsize 34 -fill '#444444' \
    -annotate -480+85 'tài khoản VNeID' -annotate +0+85 'điền tờ khai' -annotate +480+85 'tại nhà, bưu điện' \
    -gravity northwest -stroke '#0b3d91' -strokewidth 2 -draw "$hatch" -stroke none \
    -fill '#0b3d91' -draw 'rectangle 0,780 1400,1000' \
    -font $S -pointsize 36 -fill white -gravity south -annotate +0+140 'Không phải đến trụ sở — không mất phí đi lại' \
    -font $X -pointsize 64 -fill '#ffde00' -annotate +0+40 'dichvucong.gov.vn' \
    -strip -colors 64 PNG8:assets/infographic.png

# A photo: sky gradient, sun, the office front with columns and a flag,
# trees, then grain and a little blur so it compresses and scales like a
# real photograph.
convert -size 1280x720 gradient:'#2d5d9f'-'#f3c98b' \
    -fill '#ffe9b0' -draw 'circle 980,300 980,250' \
    -fill '#3d6b35' -draw 'rectangle 0,600 1280,720' \
    -fill '#f2e6c9' -draw 'rectangle 300,330 980,610' \
    -fill '#c9b48a' -draw 'polygon 270,330 640,220 1010,330' \
    -fill '#e4d3aa' -draw 'rectangle 360,360 390,610 rectangle 480,360 510,610 rectangle 600,360 630,610 rectangle 720,360 750,610 rectangle 840,360 870,610' \
    -fill '#6b4f2a' -draw 'rectangle 600,500 680,610' \
    -fill '#5a5a5a' -draw 'rectangle 638,120 644,230' \
    -fill '#da251d' -draw 'rectangle 644,120 744,186' \
    -fill '#ffde00' -draw 'polygon 694,133 700,148 716,148 703,158 708,173 694,164 680,173 685,158 672,148 688,148' \
    -fill '#2f5a2a' -draw 'circle 150,520 150,400 circle 1130,530 1130,420 circle 230,560 230,470' \
    -attenuate 0.6 +noise Gaussian -blur 0x1.2 \
    -strip -quality 82 -sampling-factor 4:2:0 assets/photo.jpg
