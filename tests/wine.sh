#!/bin/sh
# The test suite built for Windows and run under Wine, on a Debian or
# Ubuntu machine (as root, for the packages):
#
#   sh tests/wine.sh [cargo test arguments]     e.g. sh tests/wine.sh --test index
#
# 1. installs the MinGW-w64 toolchain and Wine (apt) and Rust's
#    x86_64-pc-windows-gnu target (rustup), when missing;
# 2. gives Wine the one system library it lacks before Wine 9
#    (bcryptprimitives.dll, whose ProcessPrng the Rust standard library
#    calls for random numbers), built from a few lines of C;
# 3. runs `cargo test --target x86_64-pc-windows-gnu` with Wine as the runner.
#
# Wine is not Windows: it lets a program delete a file that another has
# open, and does not carry a file's creation time over to one that takes
# its name ("tunnelling"), so what passes here may still differ there.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
target=x86_64-pc-windows-gnu

if ! command -v x86_64-w64-mingw32-gcc >/dev/null || ! [ -x /usr/lib/wine/wine64 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q gcc-mingw-w64-x86-64 wine64 >/dev/null
fi
rustup target list --installed | grep -qx "$target" || rustup target add "$target"

export WINEDEBUG=-all
prefix=${WINEPREFIX:-$HOME/.wine}
system32=$prefix/drive_c/windows/system32
if ! [ -d "$system32" ]; then
  /usr/lib/wine/wine64 cmd /c exit >/dev/null 2>&1 || true
fi
if ! [ -f "$system32/bcryptprimitives.dll" ]; then
  shim=$(mktemp -d)
  cat >"$shim/bcp.c" <<'EOF'
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID, ULONG);
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, n)) return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
EOF
  x86_64-w64-mingw32-gcc -shared -o "$system32/bcryptprimitives.dll" "$shim/bcp.c" -ladvapi32
  rm -r "$shim"
fi

cd "$here"
CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=/usr/lib/wine/wine64 \
  exec cargo test --target "$target" "$@"
