#!/bin/sh
# Debian's python3-torch links the reference BLAS (netlib libblas.so.3), several times slower than
# OpenBLAS at float64 matmul. The targets compare with "PyTorch with OpenBLAS", so this fetches
# Debian's OpenBLAS package with apt-get download and unpacks it into a temporary directory, changing
# nothing on the system (no install, no update-alternatives). The benchmark then puts that directory
# first on the torch child's LD_LIBRARY_PATH (it looks here by default, or where
# TAPEGRAD_BENCH_TORCH_BLAS_DIR points).
#
#   sh bench/python/get-openblas.sh        # needs apt-get update to have run once
set -eu
dest="${TMPDIR:-/tmp}/tapegrad-openblas"
mkdir -p "$dest"
cd "$dest"
apt-get download libopenblas0-pthread
dpkg -x libopenblas0-pthread_*.deb root
dir="$dest/root/usr/lib/x86_64-linux-gnu/openblas-pthread"
test -e "$dir/libblas.so.3"
echo "$dir"
