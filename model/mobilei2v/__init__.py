"""MobileI2V-Nano: architecture, data, training, distillation and export (see model/README.md)."""
