package io.sentifuse.encoder.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sentifuse.SharedData;
import io.sentifuse.encoder.NsfwjsTarball;
import io.sentifuse.encoder.SharedImageModels;
import io.sentifuse.encoder.tfjs.NpmTarball;
import io.sentifuse.image.ImageDecoder;
import io.sentifuse.image.ImageTransform;
import io.sentifuse.image.ImageTransforms;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The face encoder on real MVSA-Single pictures (skips without ../shared): what it finds, and batch independence. */
class FaceEncoderTest {

    @Test
    void facesAreFoundInPhotosOfPeopleAndEachImageGetsTheSameVectorAloneOrInABatch() {
        Path data = SharedData.mvsaSingle().resolve("data");
        NsfwjsTarball.assumeObtainable(SharedImageModels.cacheRoot(), NpmTarball.HUMAN);
        ImageTransform transform = ImageTransforms.create(FaceEncoder.transform());
        ImageDecoder decoder = new ImageDecoder();
        // image 3: one man's face filling much of the frame; 7: a group selfie. Ten pictures in one batch cross the
        // detector's sub-batches of 8
        int[] ids = {1, 2, 3, 4, 7, 9, 10, 11, 12, 16};
        int per = 3 * 256 * 256;
        float[] all = new float[ids.length * per];
        for (int i = 0; i < ids.length; i++) {
            System.arraycopy(transform.apply(decoder.decode(data.resolve(ids[i] + ".jpg"))), 0, all, i * per, per);
        }
        try (FaceEncoder faces = FaceEncoder.open(SharedImageModels.cacheRoot());
                INDArray batch = Nd4j.create(all, new long[] {ids.length, 3, 256, 256}, 'c')) {
            float[][] together = faces.encode(batch);
            assertThat(together).hasNumberOfRows(ids.length);
            for (int i = 0; i < ids.length; i++) {
                float[] alone;
                try (INDArray one = batch.get(NDArrayIndex.interval(i, i + 1)).dup('c')) {
                    alone = faces.encode(one)[0];
                }
                assertThat(alone).as("image " + ids[i]).hasSize(FaceFeatures.DIM);
                for (int k = 0; k < FaceFeatures.DIM; k++) {
                    assertThat(together[i][k]).as("image %d value %d", ids[i], k).isCloseTo(alone[k], within(1e-4f));
                }
            }
            float[] man = together[2];
            assertThat(man[0] * FaceFeatures.MAX_FACES).isEqualTo(1f);
            assertThat(man[1]).isGreaterThan(0.7f);
            assertThat(man[2]).as("the face's share of the picture").isGreaterThan(0.05f);
            float sum = 0;
            for (int k = 3; k < 10; k++) {
                sum += man[k];
            }
            assertThat(sum).as("expression probabilities").isCloseTo(1f, within(1e-4f));
            assertThat(together[4][0] * FaceFeatures.MAX_FACES).as("faces in the group selfie").isGreaterThanOrEqualTo(3f);
            assertThatThrownBy(() -> faces.encode(Nd4j.zeros(DataType.DOUBLE, 1, 3, 256, 256)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be FLOAT [batch, 3, 256, 256]");
        }
    }
}
