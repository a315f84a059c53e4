#!/usr/bin/env bash
# Re-vendor the JavaScript the HTML book loads, from the npm registry, at the pinned versions
# below. Run it after changing a version (needs npm, and `make install` for one licence file):
#
#     bash book/vendor/update.sh
#
# then rebuild the book and run the offline test (tests/book/test_book_offline.py).
set -euo pipefail

MATHJAX=3.2.2         # Sphinx's default is mathjax@3; only what tex-mml-chtml.js loads is kept
REQUIREJS=2.3.8       # the AMD loader the widget manager needs
HTML_MANAGER=1.0.15   # @jupyter-widgets/html-manager 1.x renders ipywidgets 8 widget state
FONTAWESOME=5.15.4    # only its licence: the html-manager bundle embeds Font Awesome 5 fonts

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "mathjax@$MATHJAX" "requirejs@$REQUIREJS" \
    "@jupyter-widgets/html-manager@$HTML_MANAGER" "@fortawesome/fontawesome-free@$FONTAWESOME" \
    > packed.txt
for tarball in $(cat packed.txt); do
    mkdir "${tarball%.tgz}"
    tar -xzf "$tarball" -C "${tarball%.tgz}"
done

rm -rf "$here/mathjax" "$here/requirejs" "$here/html-manager"

# MathJax: the combined TeX/MathML -> CommonHTML component, the TeX extensions it loads on
# demand (\color, \cancel, \boldsymbol, ...) and its web fonts. Left out: the other combined
# components, the SVG output and the speech-rule engine of the accessibility explorer
# (menu > Accessibility > Explorer; the hidden MathML for screen readers is in the main file).
src="mathjax-$MATHJAX/package"
dst="$here/mathjax"
mkdir -p "$dst/input/tex" "$dst/output/chtml/fonts"
cp "$src/LICENSE" "$src/es5/tex-mml-chtml.js" "$dst/"
cp -r "$src/es5/input/tex/extensions" "$dst/input/tex/"
cp -r "$src/es5/output/chtml/fonts/woff-v2" "$dst/output/chtml/fonts/"

# RequireJS: the browser loader only. The package has no licence file; require.js's header says
# "Copyright jQuery Foundation and other contributors. Released under MIT license".
src="requirejs-$REQUIREJS/package"
dst="$here/requirejs"
mkdir -p "$dst"
cp "$src/require.js" "$dst/"
cat > "$dst/LICENSE" <<'LICENCE'
RequireJS (npm package requirejs) is released under the MIT license, as stated in the header
of require.js. The npm package ships no licence file; this is the MIT license text with the
copyright line of that header.

Copyright jQuery Foundation and other contributors, https://jquery.org/

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
THE SOFTWARE.
LICENCE

# The widget manager: the AMD bundle (it defines @jupyter-widgets/base, controls and output
# itself) and the Font Awesome web fonts it references next to itself (woff2: what every
# current browser picks). The package has no licence file: it is the BSD-3-Clause licence of
# the jupyter-widgets/ipywidgets repository, the same file the ipywidgets wheel ships.
src="jupyter-widgets-html-manager-$HTML_MANAGER/package/dist"
dst="$here/html-manager"
mkdir -p "$dst"
cp "$src/embed-amd.js" "$src"/*.woff2 "$dst/"
cp "$src/embed.js.LICENSE.txt" "$dst/THIRD-PARTY-NOTICES.txt"
licence=$(find "$repo/.venv/lib" -path '*/ipywidgets-*.dist-info/licenses/LICENSE' | head -n 1)
if [ -z "$licence" ]; then
    echo "ipywidgets' LICENSE not found in .venv: run 'make install' first" >&2
    exit 1
fi
cp "$licence" "$dst/LICENSE"
cp "fortawesome-fontawesome-free-$FONTAWESOME/package/LICENSE.txt" "$dst/LICENSE-fontawesome.txt"

{
    echo "# Written by update.sh: the npm tarballs the files here come from."
    sha256sum $(cat packed.txt)
} > "$here/MANIFEST.txt"
du -sh "$here"
