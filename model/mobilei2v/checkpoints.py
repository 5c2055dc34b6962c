"""The trained nets read back from a run's checkpoints (runs/nano/*.pt, written by the training stages)."""
import os

import torch

from mobilei2v.autoencoder import VideoAutoencoder
from mobilei2v.config import AE_NANO, NANO
from mobilei2v.dit import Denoiser
from mobilei2v.training import Checkpoint


def frozen(module):
    module.eval()
    for p in module.parameters():
        p.requires_grad_(False)
    return module


def load_autoencoder(run, dev):
    """The autoencoder of run/autoencoder.pt, frozen: its encoder makes the latents later stages read."""
    ae = VideoAutoencoder(AE_NANO).to(dev)
    Checkpoint(os.path.join(run, 'autoencoder.pt')).load({'ae': ae})
    return frozen(ae)


def load_student(run, dev):
    """The distilled 1/2-step student of run/student.pt, frozen."""
    st = Denoiser(NANO).to(dev)
    st.load_state_dict(torch.load(os.path.join(run, 'student.pt'), map_location='cpu')['modules']['student'])
    return frozen(st)
