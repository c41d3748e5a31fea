package io.sentifuse.features.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A fill's encoder is loaded only when a shard is missing and closed once when the fill is done. */
class FillEncoderMemoTest {

    /** Counts its closes. */
    static final class Encoder implements AutoCloseable {
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @Test
    void closesTheEncoderOnceWhenItWasLoadedAndNeverLoadsOneToCloseIt() {
        AtomicInteger loads = new AtomicInteger();
        FeaturePreparation.Memo<Encoder> unused = new FeaturePreparation.Memo<>(() -> {
            loads.incrementAndGet();
            return new Encoder();
        });
        unused.close();
        assertThat(loads).as("a complete store never loads its encoder, closing included").hasValue(0);

        FeaturePreparation.Memo<Encoder> used = new FeaturePreparation.Memo<>(() -> {
            loads.incrementAndGet();
            return new Encoder();
        });
        Encoder first = used.get();
        assertThat(used.get()).isSameAs(first);
        used.close();
        used.close();
        assertThat(first.closes).hasValue(1);
        assertThat(loads).hasValue(1);
        assertThatThrownBy(used::get).as("no silent second load and verification after the fill")
                .hasMessage("the encoder was closed after its fill");
    }

    @Test
    void aFailingCloseNamesTheEncoder() {
        FeaturePreparation.Memo<AutoCloseable> memo = new FeaturePreparation.Memo<>(() -> new AutoCloseable() {
            @Override
            public void close() throws Exception {
                throw new java.io.IOException("disk gone");
            }

            @Override
            public String toString() {
                return "the test encoder";
            }
        });
        memo.get();
        assertThatThrownBy(memo::close).hasMessage("cannot close the test encoder after its fill: disk gone");
    }
}
