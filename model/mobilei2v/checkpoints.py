"""The trained nets read back from a run's checkpoints (runs/nano/*.pt, written by the training stages)."""
import os

import torch
import torch.nn as nn

from mobilei2v.autoencoder import VideoAutoencoder
from mobilei2v.config import AE_NANO, NANO
from mobilei2v.dit import Denoiser
from mobilei2v.flow_decoder import FlowDecoder
from mobilei2v.training import Checkpoint

VISIBILITY_PRIOR = float(os.environ.get('MOBILEI2V_VISIBILITY_PRIOR', '2.0'))  # flow_decoder.py: why


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


def load_models(run):
    """(autoencoder with its flow_decoder, teacher EMA, student, the meta of each checkpoint found) on
    CPU in eval mode; random weights for what run/ lacks (the student falls back to the teacher)."""
    ae = VideoAutoencoder(AE_NANO)
    teacher = Denoiser(NANO)
    student = Denoiser(NANO)
    trained = {}
    p = os.path.join(run, 'autoencoder.pt')
    if os.path.exists(p):
        ae.load_state_dict(torch.load(p, map_location='cpu')['modules']['ae'])
        trained['autoencoder'] = torch.load(p, map_location='cpu')['meta']
    p = os.path.join(run, 'teacher.pt')
    if os.path.exists(p):
        ck = torch.load(p, map_location='cpu')
        teacher.load_state_dict(ck['modules']['ema'])
        student.load_state_dict(ck['modules']['ema'])
        trained['teacher'] = ck['meta']
    p = os.path.join(run, 'student.pt')
    if os.path.exists(p):
        ck = torch.load(p, map_location='cpu')
        student.load_state_dict(ck['modules']['student'])
        trained['student'] = ck['meta']
    p = os.path.join(run, 'flow_decoder.pt')
    flow = FlowDecoder(AE_NANO['latent_channels'], NANO['latent_grid'][1:])
    flow.latent_scale.fill_(ae.encoder.latent_scale.item())
    if os.path.exists(p):
        ck = torch.load(p, map_location='cpu')
        # the weight average when training kept one (train_decoder.py --ema), else the last weights
        state = dict(ck['modules'].get('decoder_ema', ck['modules']['decoder']))
        state.setdefault('visibility_prior', torch.zeros(()))  # checkpoints from before the buffer existed
        flow.load_state_dict(state)
        trained['flow_decoder'] = ck['meta']
    flow.visibility_prior.fill_(VISIBILITY_PRIOR)
    flow.eval()
    ae.flow_decoder = flow  # travels with the autoencoder whose latents it reads
    if 'teacher' not in trained:
        # random weights: give the untrained residual head some output so tests see real numbers
        torch.manual_seed(0)
        for d in (teacher, student):
            nn.init.normal_(d.final_linear.weight, std=0.02)
    for m in (ae, teacher, student):
        m.eval()
    return ae, teacher, student, trained
