"""The docs/BUNDLE.md rules a bundle must pass, checked in Python (the Java loader checks the same; this
lets an exporter refuse to write a bundle the app would reject). `check_bundle(dir)` returns the list of
problems, each naming the manifest field; empty when the bundle is valid."""
import json
import os

from .bundle_io import io_spec, sha256
from .external_data import external_extents

KINDS = ('rgb', 'flow-warp', 'vae-chunk')
TOP = ('format', 'name', 'version', 'license', 'provenance', 'video', 'latent', 'image', 'sampler',
       'conditioning', 'graphs', 'variants', 'flops', 'files')


def _positive_int(v):
    return isinstance(v, int) and not isinstance(v, bool) and v > 0


def _sampler(s, graphs, problems):
    names = [x.get('name') for x in s.get('schedules', [])]
    if s.get('type') != 'rectified-flow-euler':
        problems.append(f"sampler.type: must be 'rectified-flow-euler', not {s.get('type')!r}")
    if s.get('default_schedule') not in names:
        problems.append(f"sampler.default_schedule: {s.get('default_schedule')!r} is not in sampler.schedules {names}")
    if len(set(names)) != len(names):
        problems.append('sampler.schedules: repeats a schedule name')
    for i, x in enumerate(s.get('schedules', [])):
        p, sig = f'sampler.schedules[{i}]', x.get('sigmas', [])
        if x.get('kind') not in ('distilled', 'teacher'):
            problems.append(f"{p}.kind: must be 'distilled' or 'teacher', not {x.get('kind')!r}")
        if not _positive_int(x.get('steps')) or len(sig) != x['steps'] + 1:
            problems.append(f'{p}.sigmas: must hold steps + 1 values')
        elif not (0 < sig[0] <= 1.0 and sig[-1] == 0.0 and all(b < a for a, b in zip(sig, sig[1:]))):
            problems.append(f'{p}.sigmas: must fall strictly from (0, 1] to 0.0')
        if x.get('denoiser') not in graphs:
            problems.append(f"{p}.denoiser: names graph role {x.get('denoiser')!r} which 'graphs' does not define")
        g = x.get('guidance')
        if g is not None and not (isinstance(g, dict) and isinstance(g.get('scale'), (int, float))
                                  and g.get('unconditional') in ('same-call', 'graph')):
            problems.append(f"{p}.guidance: must be {{scale: number, unconditional: 'same-call' | 'graph'}}")


def _decoder_contract(m, problems):
    """The `vae-chunk` decoder and encoder shapes against latent, video and decoder.window."""
    lat, video, dec = m['latent'], m['video'], m['decoder']
    window = dec.get('window')
    if not _positive_int(window) or not (window <= lat['frames'] and (window >= 2 or lat['frames'] == 1)):
        problems.append(f"decoder.window: must be an integer in [2, latent.frames = {lat['frames']}], not {window!r}")
        return
    c, h, w = lat['channels'], lat['height'], lat['width']
    frames = 1 + lat['temporal_ratio'] * (window - 1)
    want = {'decoder': ([[1, c, window, h, w]], [[1, 3, frames, video['height'], video['width']]]),
            'encoder': ([[1, 3, video['height'], video['width']]], [[1, c, 1, h, w]])}
    tile = dec.get('tile')
    if tile is not None:
        th, tw, overlap = (tile.get(k) if isinstance(tile, dict) else None for k in ('height', 'width', 'overlap'))
        if not (_positive_int(th) and th <= h):
            problems.append(f"decoder.tile.height: must be an integer in [1, latent.height = {h}], not {th!r}")
        elif not (_positive_int(tw) and tw <= w):
            problems.append(f"decoder.tile.width: must be an integer in [1, latent.width = {w}], not {tw!r}")
        elif not (isinstance(overlap, int) and 0 <= overlap < min(th, tw)):
            problems.append(f"decoder.tile.overlap: must be an integer in [0, min(tile.height, tile.width) = "
                            f"{min(th, tw)}), not {overlap!r}")
        else:
            r = lat['spatial_ratio']
            want['decoder'] = ([[1, c, window, th, tw]], [[1, 3, frames, th * r, tw * r]])
    for role, (ins, outs) in want.items():
        g = m['graphs'].get(role, {})
        if [t['shape'] for t in g.get('inputs', [])] != ins or [t['shape'] for t in g.get('outputs', [])] != outs:
            problems.append(f'graphs.{role}: shapes must be inputs {ins} -> outputs {outs} for a vae-chunk bundle')


def check_manifest(m, problems):
    for key in TOP:
        if key not in m:
            problems.append(f"manifest.json: field '{key}' is missing")
    if problems:
        return
    if m['format'] != 'mobilei2v-bundle/1':
        problems.append(f"format: must be 'mobilei2v-bundle/1', not {m['format']!r}")
    lat, video = m['latent'], m['video']
    for k in ('channels', 'frames', 'height', 'width', 'spatial_ratio', 'temporal_ratio'):
        if not _positive_int(lat.get(k)):
            problems.append(f"latent.{k}: must be a positive integer")
    if problems:
        return
    if video.get('frames') != 1 + lat['temporal_ratio'] * (lat['frames'] - 1):
        problems.append('video.frames: must equal 1 + latent.temporal_ratio * (latent.frames - 1)')
    dec = m.get('decoder') or {'kind': 'rgb', 'working': {'width': video['width'], 'height': video['height']}}
    if dec.get('kind') not in KINDS:
        problems.append(f"decoder.kind: must be one of {KINDS}, not {dec.get('kind')!r}")
    work = dec.get('working', {})
    sizes = video.get('sizes', [[video['width'], video['height']]])
    if [video['width'], video['height']] not in sizes:
        problems.append('video.sizes: must include the default size video.width x video.height')
    if dec.get('kind') != 'flow-warp':
        if len(sizes) > 1:
            problems.append('video.sizes: only a flow-warp decoder can make more than one size')
        if (work.get('width'), work.get('height')) != (video['width'], video['height']):
            problems.append(f"decoder.working: of a '{dec.get('kind')}' decoder must equal the video size")
    if lat['height'] * lat['spatial_ratio'] < work.get('height', 0) or lat['width'] * lat['spatial_ratio'] < work.get('width', 0):
        problems.append('latent.height/width: times latent.spatial_ratio must cover decoder.working (the video size)')
    _sampler(m['sampler'], m['graphs'], problems)
    if dec.get('kind') == 'vae-chunk':
        _decoder_contract({**m, 'decoder': dec}, problems)
    for role in m['graphs']:
        if role not in m['flops']:
            problems.append(f"flops: has no entry for graph role '{role}'")


def check_bundle(directory):
    """Problems of the bundle folder `directory` (manifest fields, files with size and SHA-256, graph I/O)."""
    with open(os.path.join(directory, 'manifest.json')) as f:
        m = json.load(f)
    problems = []
    check_manifest(m, problems)
    if problems:
        return problems
    for rel, entry in m['files'].items():
        path = os.path.join(directory, rel)
        if not os.path.isfile(path):
            problems.append(f"files['{rel}']: the file does not exist")
        elif os.path.getsize(path) != entry.get('bytes') or sha256(path) != entry.get('sha256'):
            problems.append(f"files['{rel}']: size or SHA-256 differs from the file")
    listed = {os.path.relpath(os.path.join(d, n), directory) for d, _, ns in os.walk(directory) for n in ns}
    for rel in sorted(listed - set(m['files']) - {'manifest.json'}):
        problems.append(f"files: does not list '{rel}' (every file but manifest.json must be listed)")
    for vname, variant in m['variants'].items():
        for role, rel in variant.get('graphs', {}).items():
            if rel not in m['files']:
                problems.append(f"variants.{vname}.graphs.{role}: '{rel}' is not in 'files'")
            elif role in m['graphs'] and os.path.isfile(os.path.join(directory, rel)) and io_spec(os.path.join(directory, rel)) != m['graphs'][role]:
                problems.append(f"graphs.{role}: names, dtypes or shapes differ from {rel}")
        offered = variant.get('schedules')   # a variant may offer only some schedules (docs/BUNDLE.md)
        for x in m['sampler']['schedules']:
            if (offered is None or x['name'] in offered) and x['denoiser'] not in variant.get('graphs', {}):
                problems.append(f"variants.{vname}: has no graph for schedule {x['name']}'s denoiser '{x['denoiser']}'")
    _external_data(directory, m, problems)
    return problems


def _external_data(directory, m, problems):
    """A graph's external data files must be listed in 'files' and hold every tensor the graph places in them;
    a listed '.data' file must be the external data of some variant's graph."""
    owned = set()
    graph_files = sorted({rel for v in m['variants'].values() for rel in v.get('graphs', {}).values()})
    for rel in graph_files:
        if not os.path.isfile(os.path.join(directory, rel)):
            continue
        for location, offset, length in external_extents(os.path.join(directory, rel)):
            data = os.path.normpath(os.path.join(os.path.dirname(rel), location))
            owned.add(data)
            if data.startswith('..') or os.path.isabs(location):
                problems.append(f"files['{rel}']: its external data '{location}' lies outside the bundle folder")
            elif data not in m['files']:
                problems.append(f"files: does not list '{data}', the external data of graph '{rel}'")
            elif os.path.isfile(os.path.join(directory, data)) and offset + length > os.path.getsize(os.path.join(directory, data)):
                problems.append(f"files['{data}']: ends before byte {offset + length} that graph '{rel}' reads (truncated)")
    for rel in sorted(m['files']):
        if rel.endswith('.data') and rel not in owned:
            problems.append(f"files['{rel}']: is not the external data of any variant's graph")
