"""The published MobileI2V (hustvl/MobileI2V): its denoiser's module tree, the LTX-Video VAE,
and the converter from the authors' checkpoints to a bundle."""
