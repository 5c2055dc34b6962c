package studio.mobilei2v.inference;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one percentile: nearest rank (always a measured value), NaN for no values. */
class PercentilesTest {
    @Test
    void nearestRankIsAlwaysAMeasuredValue() {
        List<Double> v = List.of(5.0, 1.0, 4.0, 2.0, 3.0);
        assertEquals(3.0, Percentiles.nearestRank(v, 50));
        assertEquals(5.0, Percentiles.nearestRank(v, 90));
        assertEquals(1.0, Percentiles.nearestRank(v, 1));
        assertEquals(1.0, Percentiles.nearestRank(v, 0));
        assertEquals(5.0, Percentiles.nearestRank(v, 100));
    }

    @Test
    void theMedianOfAnEvenCountIsTheLowerMiddleAndArraysAreLeftAsTheyAre() {
        double[] a = {4, 1, 3, 2};
        assertEquals(2.0, Percentiles.nearestRank(a, 50));
        assertArrayEquals(new double[] {4, 1, 3, 2}, a, "not sorted in place");
        assertEquals(Percentiles.nearestRank(List.of(4.0, 1.0, 3.0, 2.0), 50), Percentiles.nearestRank(a, 50));
    }

    @Test
    void noValuesIsNaNNotZero() {
        assertTrue(Double.isNaN(Percentiles.nearestRank(List.of(), 50)));
        assertTrue(Double.isNaN(Percentiles.nearestRank(new double[0], 90)));
    }

    @Test
    void aPercentileOutsideZeroToHundredIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Percentiles.nearestRank(List.of(1.0), 101));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.nearestRank(List.of(1.0), Double.NaN));
    }
}
