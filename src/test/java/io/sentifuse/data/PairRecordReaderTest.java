package io.sentifuse.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentifuse.errors.UserInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.datavec.api.conf.Configuration;
import org.datavec.api.records.Record;
import org.datavec.api.split.FileSplit;
import org.datavec.api.transform.schema.Schema;
import org.datavec.api.writable.Writable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairRecordReaderTest {

    @TempDir
    Path tmp;

    @Test
    void dataVecStyleInitialisationYieldsOneRecordPerUsablePair() throws Exception {
        Configuration conf = new Configuration();
        conf.set(PairRecordReader.FORMAT_KEY, "mvsa-single");
        Dataset d = DatasetFormats.read(TestDatasets.fixture(), "mvsa-single");
        try (PairRecordReader reader = new PairRecordReader()) {
            reader.initialize(conf, new FileSplit(TestDatasets.fixture().toFile()));
            List<List<Writable>> records = new ArrayList<>();
            while (reader.hasNext()) {
                records.add(reader.next());
            }
            assertThat(records).hasSize(d.items().size()).hasSize(23);
            Pair p = d.items().get(3);
            List<Writable> r = records.get(3);
            assertThat(PairRecords.id(r)).isEqualTo(p.id());
            assertThat(PairRecords.text(r)).isEqualTo(p.text());
            assertThat(PairRecords.image(r).toAbsolutePath()).isEqualTo(p.image().toAbsolutePath());
            assertThat(PairRecords.label(r)).isEqualTo(p.label().index());
            assertThat(reader.getLabels()).containsExactly("negative", "neutral", "positive");
            reader.reset();
            Record first = reader.nextRecord();
            assertThat(reader.loadFromMetaData(first.getMetaData()).getRecord()).isEqualTo(first.getRecord());
            assertThat(reader.records(3, 5)).containsExactly(records.get(3), records.get(4));
        }
    }

    @Test
    void schemaDescribesTheColumns() {
        Schema s = PairRecords.schema();
        assertThat(s.getColumnNames()).containsExactly("id", "text", "image", "label");
        assertThat(s.getIndexOfColumn("label")).isEqualTo(PairRecords.LABEL);
        assertThat(s.getIndexOfColumn("image")).isEqualTo(PairRecords.IMAGE);
    }

    @Test
    void aPartYieldsItsIdsInTheirOrderAndUnknownIdsAreNamed() {
        PairRecordReader all = PairRecordReader.open(TestDatasets.fixture(), "mvsa-single");
        String a = all.pair(5).id();
        String b = all.pair(1).id();
        PairRecordReader part = all.part(List.of(a, b));
        assertThat(PairRecords.id(part.next())).isEqualTo(a);
        assertThat(PairRecords.id(part.next())).isEqualTo(b);
        assertThat(part.hasNext()).isFalse();
        assertThatThrownBy(() -> all.part(List.of(a, "nope", "23x")))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("2 id(s) are not usable pairs of").hasMessageContaining("nope, 23x");
        assertThatThrownBy(() -> part.record(null, null)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aManifestWithoutLabelColumnsGivesUnlabelledRecords() throws Exception {
        Path img = TestDatasets.fixture().resolve("data/1.jpg");
        Files.copy(img, tmp.resolve("a.jpg"));
        Files.writeString(tmp.resolve("manifest.csv"), "id,text,image\nx1,\"good day, great game\",a.jpg\n"
                + "x2,sad news,a.jpg\n");
        PairRecordReader reader = PairRecordReader.open(tmp, "manifest");
        List<Writable> first = reader.next();
        assertThat(PairRecords.id(first)).isEqualTo("x1");
        assertThat(PairRecords.text(first)).isEqualTo("good day, great game");
        assertThat(PairRecords.label(first)).isEqualTo(PairRecords.UNLABELLED);
        assertThat(reader.pair(1).labelled()).isFalse();
        assertThat(reader.dataset().problems()).isEmpty();
        // training refuses them, naming how many and which
        CheckedDataset checked = CheckedDataset.read(tmp, "manifest",
                io.sentifuse.config.DataConfig.ItemPolicy.SKIP, 1, false);
        assertThatThrownBy(() -> checked.requireLabels("training")).isInstanceOf(UserInputException.class)
                .hasMessage(tmp + ": 2 of 2 pairs have no label (e.g. x1, x2); training needs a label for every pair");
    }
}
