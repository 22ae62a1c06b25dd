"""Describes this interpreter for the Node runner: versions of Python, NumPy and PyTorch, and which
BLAS each one has loaded once it has multiplied two float64 matrices. Prints one JSON object."""
import json
import os
import sys

info = {'executable': sys.executable, 'python': sys.version.split()[0], 'numpy': None, 'torch': None,
        'numpy_blas': [], 'torch_blas': [], 'torch_threads': None, 'errors': []}


def loaded(*words):
    libs = []
    try:
        with open('/proc/self/maps') as f:
            for line in f:
                parts = line.split()
                path = parts[-1] if len(parts) >= 6 else ''
                name = os.path.basename(path)
                if any(w in name for w in words) and path not in libs:
                    libs.append(path)
    except OSError:
        pass
    return libs


try:
    import numpy as np
    info['numpy'] = np.__version__
    a = np.ones((64, 64))
    _ = a @ a
    info['numpy_blas'] = loaded('blas', 'lapack', 'mkl')
    try:
        cfg = np.show_config(mode='dicts')  # NumPy >= 1.26
        blas = cfg.get('Build Dependencies', {}).get('blas', {})
        info['numpy_blas_build'] = f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
    except Exception:  # noqa: BLE001 - older NumPy: the loaded library path says enough
        pass
except Exception as e:  # noqa: BLE001
    info['errors'].append(f'numpy: {type(e).__name__}: {e}')

try:
    before = set(loaded('blas', 'lapack', 'mkl'))
    import torch
    torch.set_num_threads(1)
    info['torch'] = torch.__version__
    a = torch.ones((64, 64), dtype=torch.float64)
    _ = a @ a
    info['torch_blas'] = [p for p in loaded('blas', 'lapack', 'mkl')]
    info['torch_threads'] = torch.get_num_threads()
except Exception as e:  # noqa: BLE001
    info['errors'].append(f'torch: {type(e).__name__}: {e}')

print(json.dumps(info))
