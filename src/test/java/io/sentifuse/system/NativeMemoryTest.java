package io.sentifuse.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentifuse.errors.UserInputException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {

    private String saved;
    private String savedLower;

    @BeforeEach
    void clear() {
        // surefire passes its own ceiling to the test JVM; these tests set and read the property themselves
        saved = System.clearProperty(NativeMemory.PROPERTY);
        savedLower = System.clearProperty(NativeMemory.PROPERTY_LOWER);
    }

    @AfterEach
    void restore() {
        System.clearProperty(NativeMemory.PROPERTY);
        if (saved != null) {
            System.setProperty(NativeMemory.PROPERTY, saved);
        }
        if (savedLower != null) {
            System.setProperty(NativeMemory.PROPERTY_LOWER, savedLower);
        }
    }

    @Test
    void defaultsToThreeQuartersOfThePhysicalMemoryHeldByTheWatchdogWithJavacppsCheckOff() {
        assertThat(NativeMemory.configure(Map.of(), 24L << 30, true))
                .isEqualTo(new NativeMemory.Ceiling(18L << 30, NativeMemory.Enforcer.WATCHDOG));
        assertThat(System.getProperty(NativeMemory.PROPERTY)).isEqualTo("0");
    }

    @Test
    void withoutAReadableResidentSizeJavacppHoldsTheCeiling() {
        assertThat(NativeMemory.configure(Map.of(), 24L << 30, false))
                .isEqualTo(new NativeMemory.Ceiling(18L << 30, NativeMemory.Enforcer.JAVACPP));
        assertThat(System.getProperty(NativeMemory.PROPERTY)).isEqualTo(Long.toString(18L << 30));
    }

    @Test
    void environmentSetsTheCeilingAndAGivenPropertyWinsWithJavacppsCheck() {
        assertThat(NativeMemory.configure(Map.of(NativeMemory.ENV, "8g"), 24L << 30, true).bytes())
                .isEqualTo(8L << 30);
        System.setProperty(NativeMemory.PROPERTY, "1.5G");
        assertThat(NativeMemory.configure(Map.of(NativeMemory.ENV, "8G"), 24L << 30, true))
                .isEqualTo(new NativeMemory.Ceiling(3L << 29, NativeMemory.Enforcer.JAVACPP));
        assertThat(System.getProperty(NativeMemory.PROPERTY)).isEqualTo("1.5G");
    }

    @Test
    void sizesParseWithBinaryUnitsAndBadOnesNameTheSource() {
        assertThat(NativeMemory.parse("512M", "x")).isEqualTo(512L << 20);
        assertThat(NativeMemory.parse(" 12345 ", "x")).isEqualTo(12345L);
        assertThatThrownBy(() -> NativeMemory.configure(Map.of(NativeMemory.ENV, "lots"), 1L << 30, true))
                .isInstanceOf(UserInputException.class)
                .hasMessage("SENTIFUSE_MAX_MEMORY is 'lots': expected a positive size such as 8G, 512M or 12345 (bytes)");
        assertThatThrownBy(() -> NativeMemory.parse("-1G", "x")).isInstanceOf(UserInputException.class);
    }

    @Test
    void javacppRefusalsAreRecognisedThroughCauses() {
        OutOfMemoryError refusal = new OutOfMemoryError("Physical memory usage is too high: physicalBytes (10243M) > "
                + "maxPhysicalBytes (10240M)");
        OutOfMemoryError wrapped = new OutOfMemoryError("Cannot allocate new LongPointer(3)");
        wrapped.initCause(refusal);
        assertThat(NativeMemory.atCeiling(wrapped)).isTrue();
        assertThat(NativeMemory.atCeiling(new OutOfMemoryError("Java heap space"))).isFalse();
        System.setProperty(NativeMemory.PROPERTY, "1536M");
        assertThat(NativeMemory.ceilingAdvice()).startsWith("native memory reached the ceiling of 1.5 GiB; raise it"
                + " with SENTIFUSE_MAX_MEMORY");
    }
}
