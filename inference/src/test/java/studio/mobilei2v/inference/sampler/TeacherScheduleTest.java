package studio.mobilei2v.inference.sampler;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TeacherScheduleTest {

    @Test
    void twoStepsAtShiftThreeFollowModelSchedulePy() {
        // model/mobilei2v/schedule.py: t = linspace(1, 1/2, 2) = [1, 0.5]; s = 3t/(1+2t)
        assertEquals(List.of(1.0, 0.75, 0.0), TeacherSchedule.sigmas(2, 3.0));
    }

    @Test
    void twentyStepsEndAtShiftedOneTwentieth() {
        List<Double> s = TeacherSchedule.sigmas(20, 3.0);
        assertEquals(21, s.size());
        assertEquals(3 * 0.05 / (1 + 2 * 0.05), s.get(19), 1e-12);
    }

    @Test
    void oneStepIsOneToZero() {
        assertEquals(List.of(1.0, 0.0), TeacherSchedule.sigmas(1, 3.0));
    }

    @Test
    void manyStepsAreStrictlyDecreasingFromOneToZero() {
        for (int n : new int[]{3, 20, 30, 50}) {
            List<Double> s = TeacherSchedule.sigmas(n, 3.0);
            assertEquals(n + 1, s.size());
            assertEquals(1.0, s.get(0), 1e-12);
            assertEquals(0.0, s.get(n), 0.0);
            for (int i = 1; i <= n; i++) {
                assertTrue(s.get(i) < s.get(i - 1), "n=" + n + " i=" + i);
            }
        }
    }

    @Test
    void middleValueFollowsTheShiftFormula() {
        // teacher-3 at shift 2: t = 1, (1 + 1/3)/2, 1/3
        double t1 = (1 + 1.0 / 3) / 2;
        assertEquals(2 * t1 / (1 + t1), TeacherSchedule.sigmas(3, 2.0).get(1), 1e-12);
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> TeacherSchedule.sigmas(0, 3.0));
        assertThrows(IllegalArgumentException.class, () -> TeacherSchedule.sigmas(5, 0.0));
    }
}
