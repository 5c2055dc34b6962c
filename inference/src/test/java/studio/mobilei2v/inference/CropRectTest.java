package studio.mobilei2v.inference;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The one centre crop: the largest rectangle of the aspect, centred, inside the image. */
class CropRectTest {
    @Test
    void aWideImageLosesItsSidesATallOneItsTopAndBottom() {
        assertEquals(new CropRect(1111, 0, 1778, 1000), CropRect.centred(4000, 1000, 16, 9));
        assertEquals(new CropRect(0, 218, 1000, 563), CropRect.centred(1000, 1000, 256, 144));
    }

    @Test
    void theSameAspectIsTheWholeImage() {
        assertEquals(new CropRect(0, 0, 1600, 900), CropRect.centred(1600, 900, 16, 9));
        assertEquals(new CropRect(0, 0, 1280, 720), CropRect.centred(1280, 720, 1280, 720));
    }

    @Test
    void anOddLeftoverGoesRightOrDownAndASideIsNeverZero() {
        assertEquals(new CropRect(0, 0, 2, 1), CropRect.centred(3, 1, 2, 1));
        assertEquals(new CropRect(0, 499, 1, 1), CropRect.centred(1, 1000, 1, 1));
        assertEquals(new CropRect(5, 0, 1, 1), CropRect.centred(11, 1, 1, 1000));
    }

    @Test
    void sizesMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> CropRect.centred(0, 10, 16, 9));
        assertThrows(IllegalArgumentException.class, () -> CropRect.centred(10, 10, 16, 0));
    }
}
