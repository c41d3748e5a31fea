package io.sentifuse.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.datavec.api.conf.Configuration;
import org.datavec.api.records.Record;
import org.datavec.api.split.FileSplit;
import org.datavec.api.transform.schema.Schema;
import org.datavec.api.writable.Writable;
import org.junit.jupiter.api.Test;

class PairRecordReaderTest {

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
            assertThat(r.get(PairRecordReader.COLUMN_ID).toString()).isEqualTo(p.id());
            assertThat(r.get(PairRecordReader.COLUMN_TEXT).toString()).isEqualTo(p.text());
            assertThat(r.get(PairRecordReader.COLUMN_IMAGE).toString()).isEqualTo(p.image().toAbsolutePath().toString());
            assertThat(r.get(PairRecordReader.COLUMN_LABEL).toInt()).isEqualTo(p.label().index());
            assertThat(reader.getLabels()).containsExactly("negative", "neutral", "positive");
            reader.reset();
            Record first = reader.nextRecord();
            assertThat(reader.loadFromMetaData(first.getMetaData()).getRecord()).isEqualTo(first.getRecord());
        }
    }

    @Test
    void schemaDescribesTheColumns() {
        Schema s = PairRecordReader.schema();
        assertThat(s.getColumnNames()).containsExactly("id", "text", "image", "label");
        assertThat(s.getIndexOfColumn("label")).isEqualTo(PairRecordReader.COLUMN_LABEL);
    }

    @Test
    void readsAGivenPartAndRefusesStreams() {
        Dataset d = DatasetFormats.read(TestDatasets.fixture(), "mvsa-single");
        PairRecordReader reader = new PairRecordReader(d.items().subList(0, 2));
        assertThat(reader.next().get(0).toString()).isEqualTo(d.items().get(0).id());
        assertThat(reader.next().get(0).toString()).isEqualTo(d.items().get(1).id());
        assertThat(reader.hasNext()).isFalse();
        assertThatThrownBy(() -> reader.record(null, null)).isInstanceOf(UnsupportedOperationException.class);
    }
}
