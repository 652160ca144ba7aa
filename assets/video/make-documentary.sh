#!/usr/bin/env bash
# Regenerates the placeholder "documentary" video beside this script with ffmpeg (libx264; Inter or DejaVu fonts).
#
# Everything that moves is periodic in the clip length, so the frame after the last one is
# the first one again and the loop has no visible seam: an orange dot orbits once, and an
# orange bar crosses the track once, off screen at both ends.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/pytorch-documentary-placeholder.mp4"

seconds=6
fps=25
bold=/usr/share/fonts/opentype/inter/Inter-Bold.otf
regular=/usr/share/fonts/opentype/inter/Inter-Regular.otf
[[ -f $bold ]] || bold=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
[[ -f $regular ]] || regular=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf

orbit="2*PI*t/$seconds"
filter="
[1:v]format=rgba,geq=r=238:g=76:b=44:a='255*lte(hypot(X-18,Y-18),17)'[dot];
[2:v]format=rgba[bar];
[0:v]drawbox=x=0:y=836:w=iw:h=6:color=0x333333:t=fill,
     drawtext=fontfile=$bold:text='The PyTorch documentary · placeholder':fontsize=76:fontcolor=white:x=(w-tw)/2:y=470,
     drawtext=fontfile=$regular:text='Drop the real film in as assets/video/pytorch-documentary-placeholder.mp4':fontsize=30:fontcolor=0xB8B8B8:x=(w-tw)/2:y=590[text];
[text][dot]overlay=x='960-18+120*cos($orbit)':y='250-18+120*sin($orbit)':eval=frame[orbiting];
[orbiting][bar]overlay=x='-320+(W+320)*t/$seconds':y=836:eval=frame,format=yuv420p[out]"

ffmpeg -hide_banner -loglevel error -nostdin -y \
  -f lavfi -i "color=c=0x262626:s=1920x1080:r=$fps:d=$seconds" \
  -f lavfi -i "color=c=black:s=36x36:r=$fps:d=$seconds" \
  -f lavfi -i "color=c=0xEE4C2C:s=320x6:r=$fps:d=$seconds" \
  -filter_complex "$filter" -map "[out]" \
  -c:v libx264 -preset slow -crf 20 -tune animation -g $((seconds * fps)) -pix_fmt yuv420p \
  -movflags +faststart -metadata title="The PyTorch documentary (placeholder)" "$out"

echo "wrote $out ($(stat -c %s "$out") bytes)"
