"""The two configurations of one architecture (dit.py / autoencoder.py).

full: the published MobileI2V denoiser (arXiv 2511.21475): 16 blocks, hidden 1152,
      16 heads of 72, patch 1, 7 linear / 1 softmax / 7 linear / 1 softmax, latents
      128 x 3 x 23 x 40 (1280x720x17 through a 32x/8x VAE), RoPE positions scaled by
      (1, 1.4375, 2.5) so the 23x40 grid maps to about 16x16.
nano: the same block types, order pattern and conditioning, sized for 2 CPU cores,
      plus a camera-motion class embedding; latents 32 x 3 x 9 x 16 (256x144x17 through
      our 16x/8x autoencoder).
"""

CAMERA_CLASSES = ['still', 'pan-left', 'pan-right', 'tilt-up', 'tilt-down', 'zoom-in', 'zoom-out']

FULL = {
    'name': 'full',
    'latent_channels': 128,
    'latent_grid': (3, 23, 40),
    'hidden': 1152,
    'heads': 16,
    'ffn_hidden': 2880,
    'block_kinds': ['linear'] * 7 + ['softmax'] + ['linear'] * 7 + ['softmax'],
    'rope_scale': (1.0, 1.4375, 2.5),
    'camera_classes': None,
    'video': (1280, 720, 17, 17),
    'published_params': 267_218_048,
}

NANO = {
    'name': 'nano',
    'latent_channels': 32,
    'latent_grid': (3, 9, 16),
    'hidden': 144,
    'heads': 3,          # head dim 48 = 16/16/16 RoPE split over (t, y, x)
    'ffn_hidden': 360,   # 2.5 x hidden, as in the full model (2880 / 1152)
    'block_kinds': ['linear'] * 3 + ['softmax'] + ['linear'] * 3 + ['softmax'],
    'rope_scale': (1.0, 9 / 16, 1.0),  # 9x16 grid -> about 16x16, as full maps 23x40
    'camera_classes': CAMERA_CLASSES,
    'video': (256, 144, 17, 17),
}

# Autoencoder (nano): 16x spatial, 8x temporal (keyframes 0, 8, 16), 32 channels.
AE_NANO = {
    'latent_channels': 32,
    'spatial_ratio': 16,
    'temporal_ratio': 8,
    'enc_channels': [32, 64, 96, 128],
    'dec_channels': [128, 96, 64, 32],
}

# Motion score -> motion magnitude (in what the viewer sees, at 256x144 output):
#   pan/tilt: PIXELS_PER_FRAME_PER_SCORE * score pixels of content motion per frame
#   zoom:     content scale grows/shrinks by (1 + ZOOM_PER_FRAME_PER_SCORE * score) per frame
PIXELS_PER_FRAME_PER_SCORE = 1.5
ZOOM_PER_FRAME_PER_SCORE = 0.012
MOTION_RANGE = (0.5, 4.0)
MOTION_DEFAULT = 2.0
