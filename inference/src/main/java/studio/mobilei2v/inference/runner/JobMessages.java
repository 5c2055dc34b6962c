package studio.mobilei2v.inference.runner;

import studio.mobilei2v.inference.CropRect;
import studio.mobilei2v.inference.FitMode;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.ModelImage;

import java.io.IOException;

/** A {@link GenerationRequest} to and from the job protocol's {@link RunnerMessage.Job} (pixels as the payload). */
public final class JobMessages {
    private JobMessages() {
    }

    /** The header of a job; the request's {@code image().rgb()} goes with it as the payload. */
    public static RunnerMessage.Job job(long jobId, GenerationRequest r) {
        ModelImage img = r.image();
        CropRect c = img.crop();
        RunnerMessage.Crop crop = c == null ? null : new RunnerMessage.Crop(c.x(), c.y(), c.width(), c.height());
        return new RunnerMessage.Job(jobId, r.seed(), r.schedule(), r.motionScore(), r.camera(), img.width(), img.height(),
                img.fit().wireName(), crop, img.sourceName(), img.sourceSha256(), img.loadMs());
    }

    public static GenerationRequest request(RunnerMessage.Job j, byte[] rgb) throws IOException {
        try {
            RunnerMessage.Crop c = j.crop();
            CropRect crop = c == null ? null : new CropRect(c.x(), c.y(), c.width(), c.height());
            ModelImage img = new ModelImage(j.width(), j.height(), rgb, j.sourceName(), j.sourceSha256(),
                    FitMode.parse(j.fit() == null ? "crop" : j.fit()), crop, j.loadMs());
            return new GenerationRequest(img, j.seed(), j.schedule(), j.motionScore(), j.camera());
        } catch (RuntimeException e) {
            throw new IOException("job message is malformed: " + e.getMessage(), e);
        }
    }
}
