# Debian 12 (bookworm) packages of the benchmark corpora, pinned; sourced by
# build.sh and labels.sh. English prose first (ENGLISH_DEBS), then the
# packages multilingual.txt is built from (MULTILINGUAL_DEBS); the handbook
# and the installation guide serve both (their translations).
ENGLISH_DEBS=(
    rust-doc=1.63.0+dfsg1-2
    octave-doc=7.3.0-2
    developers-reference=12.18
    debian-policy=4.6.2.0
    gnu-standards=2022.03.23-0.1
    debian-faq=11.1
    maint-guide=1.2.53
    debian-history=2.28
    zsh-doc=5.9-4
)
MULTILINGUAL_DEBS=(
    debian-handbook=11.20220922
    installation-guide-amd64=20230508+deb12u1
    developers-reference-de=12.18
    developers-reference-fr=12.18
    developers-reference-ja=12.18
    debian-faq-de=11.1
    debian-faq-fr=11.1
    debian-faq-ja=11.1
    debian-faq-ru=11.1
    debian-faq-zh-cn=11.1
    maint-guide-fr=1.2.53
    maint-guide-ru=1.2.53
    maint-guide-zh-cn=1.2.53
    debian-edu-doc-zh-cn=2.12.23~deb12u1
)
