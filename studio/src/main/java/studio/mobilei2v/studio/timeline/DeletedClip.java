package studio.mobilei2v.studio.timeline;

import studio.mobilei2v.studio.clip.Clip;

/** A deleted clip and where it stood, so Undo puts it back in place. */
public record DeletedClip(Clip clip, int index) {
}
