package io.sentifuse.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.AtomicFiles;
import io.sentifuse.files.Checksums;
import io.sentifuse.files.Json;
import io.sentifuse.fusion.FusionModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The model bundle as a file: a zip whose {@value #MANIFEST} lists the SHA-256 of every other entry. Written
 * through a synced temporary file and a rename (a crash leaves the old bundle or none, never half of one); read
 * back only when the format version is one this build reads and every entry has its recorded digest.
 */
public final class BundleFiles {

    /** The manifest entry ({@link BundleManifest}). */
    public static final String MANIFEST = "bundle.json";
    public static final String FORMAT = "sentifuse-model-bundle";
    /**
     * The newest version of the layout and meaning of a bundle's entries; readers take every version from 1 up to it
     * and refuse newer ones. A single model is written as version 1 (what every earlier build reads), an ensemble
     * ({@link BundleManifest#members()}) as {@value #ENSEMBLE_VERSION}, an ensemble whose members bring text
     * encoders of their own as {@value #MIXED_VERSION}, and either whose encoders use options earlier builds do
     * not know (text encoders joined in one input, {@code text.extra_models}; averaged text layers, {@code text.layers};
     * an image layer, {@code image.layer}) as
     * {@value #ENCODER_OPTIONS_VERSION}.
     */
    public static final int VERSION = 4;
    /** The version of a single-model bundle. */
    public static final int SINGLE_VERSION = 1;
    /** The version of an ensemble bundle whose members share one text and one image encoder. */
    public static final int ENSEMBLE_VERSION = 2;
    /** The version of an ensemble bundle with members on different text encoders ({@link BundleManifest.Member#text}). */
    public static final int MIXED_VERSION = 3;
    /**
     * The version of a bundle (single or ensemble) whose encoders use options earlier builds do not read: text
     * encoders joined in one input ({@link BundleManifest.Encoder#extra}), averaged text layers ({@code text.layers})
     * or an image layer ({@code image.layer}).
     */
    public static final int ENCODER_OPTIONS_VERSION = 4;

    private BundleFiles() {
    }

    /**
     * An ensemble (version {@value #ENSEMBLE_VERSION}) lists at least two members, the first in {@code head/}, and
     * every member's files are checked entries; a single model (version 1) lists none.
     */
    private static void checkMembers(Path bundle, BundleManifest manifest) {
        List<BundleManifest.Member> members = manifest.members();
        int version = manifest.formatVersion();
        // versions 2 and 3 are ensembles, 1 a single model, 4 either
        boolean ensemble = version == ENCODER_OPTIONS_VERSION ? members != null : version >= ENSEMBLE_VERSION;
        if (ensemble != (members != null) || (members != null && members.size() < 2)) {
            throw new UserInputException(bundle + ": a version " + version + " bundle must "
                    + (ensemble ? "list at least two ensemble members" : "not list ensemble members") + " in "
                    + MANIFEST);
        }
        checkExtra(bundle, manifest, manifest.text(), "the text encoder");
        if (members == null) {
            return;
        }
        for (int i = 0; i < members.size(); i++) {
            String entry = members.get(i).entry();
            if (i == 0 && !"head/".equals(entry)) {
                throw new UserInputException(bundle + ": ensemble member 0 must be in head/, the manifest says " + entry);
            }
            BundleManifest.Encoder text = members.get(i).text();
            if (text != null && (manifest.formatVersion() < MIXED_VERSION || !manifest.entries().containsKey(text.graph())
                    || !manifest.entries().containsKey(text.graphEntry())
                    || !manifest.entries().containsKey(text.tokenizer()))) {
                throw new UserInputException(bundle + ": ensemble member " + i + " (" + members.get(i).head()
                        + ") names a text encoder of its own, which needs format version " + MIXED_VERSION
                        + " and checked entries " + text.graph() + ", " + text.graphEntry() + ", " + text.tokenizer());
            }
            checkExtra(bundle, manifest, text, "ensemble member " + i + "'s text encoder");
            for (String file : List.of(FusionModel.MODEL_FILE, FusionModel.PARAMETERS_FILE)) {
                if (entry == null || !manifest.entries().containsKey(entry + file)) {
                    throw new UserInputException(bundle + ": ensemble member " + i + " (" + members.get(i).head()
                            + ") has no checked entry " + entry + file);
                }
            }
        }
    }

    /** A text encoder's joined encoders need version {@value #ENCODER_OPTIONS_VERSION} and checked entries. */
    private static void checkExtra(Path bundle, BundleManifest manifest, BundleManifest.Encoder text, String what) {
        if (text == null || text.extra() == null) {
            return;
        }
        for (BundleManifest.Encoder e : text.extra()) {
            if (e.extra() != null) {
                throw new UserInputException(bundle + ": " + what + " joins " + e.model() + ", which joins encoders "
                        + "of its own; only the first text encoder joins others");
            }
            if (manifest.formatVersion() < ENCODER_OPTIONS_VERSION || !manifest.entries().containsKey(e.graph())
                    || !manifest.entries().containsKey(e.graphEntry()) || !manifest.entries().containsKey(e.tokenizer())) {
                throw new UserInputException(bundle + ": " + what + " joins " + e.model() + ", which needs format "
                        + "version " + ENCODER_OPTIONS_VERSION + " and checked entries " + e.graph() + ", "
                        + e.graphEntry() + ", " + e.tokenizer());
            }
        }
    }

    /**
     * Writes {@code entries} (name to a file to copy) and the manifest {@code manifest} (whose {@code entries} this
     * fills with the digests) to {@code out}, atomically.
     */
    public static BundleManifest write(Path out, BundleManifest manifest, Map<String, Path> entries) {
        Path target = out.toAbsolutePath();
        Path tmp = target.resolveSibling(target.getFileName() + ".partial");
        Map<String, String> digests = new LinkedHashMap<>();
        try {
            Files.createDirectories(target.getParent());
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream raw = Channels.newOutputStream(channel);
                 ZipOutputStream zip = new ZipOutputStream(raw)) {
                for (Map.Entry<String, Path> e : entries.entrySet()) {
                    zip.putNextEntry(new ZipEntry(e.getKey()));
                    digests.put(e.getKey(), copy(e.getValue(), zip));
                    zip.closeEntry();
                }
                BundleManifest sealed = manifest.withEntries(digests);
                zip.putNextEntry(new ZipEntry(MANIFEST));
                zip.write(Json.pretty(sealed).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                zip.closeEntry();
                zip.finish();
                raw.flush();
                channel.force(true);
                AtomicFiles.moveIntoPlace(tmp, target);
                return sealed;
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write error below is what matters
            }
            throw new UserInputException("cannot write model bundle " + out + ": " + e.getMessage(), e);
        }
    }

    private static String copy(Path file, OutputStream out) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(out);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * Opens {@code bundle}, checks its format and version and every entry's SHA-256, and extracts it into
     * {@code dir}; the manifest is returned.
     *
     * @throws UserInputException naming the bundle and the entry that fails, or the version it has
     */
    public static BundleManifest extract(Path bundle, Path dir) {
        if (!Files.isRegularFile(bundle)) {
            throw new UserInputException("model bundle " + bundle + " not found");
        }
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            ZipEntry m = zip.getEntry(MANIFEST);
            if (m == null) {
                throw new UserInputException(bundle + " is not a sentifuse model bundle: it has no " + MANIFEST);
            }
            JsonNode tree;
            try (InputStream in = zip.getInputStream(m)) {
                tree = Json.mapper().readTree(in);
            } catch (IOException e) {
                throw new UserInputException(bundle + ": " + MANIFEST + " is not a bundle manifest: " + e.getMessage(), e);
            }
            // format and version first: a newer bundle's new fields must not hide "update sentifuse"
            String format = tree.path("format").asText(null);
            int version = tree.path("format_version").asInt(0);
            if (!FORMAT.equals(format)) {
                throw new UserInputException(bundle + ": format '" + format + "' is not a sentifuse model "
                        + "bundle (" + FORMAT + ")");
            }
            if (version < 1 || version > VERSION) {
                throw new UserInputException(bundle + ": bundle format version " + version
                        + " cannot be read by this build, which reads versions 1 to " + VERSION
                        + (version > VERSION ? " (the bundle is newer: update sentifuse)"
                        : " (export the run again)"));
            }
            BundleManifest manifest;
            try {
                manifest = Json.mapper().treeToValue(tree, BundleManifest.class);
            } catch (IOException e) {
                throw new UserInputException(bundle + ": " + MANIFEST + " is not a bundle manifest: " + e.getMessage(), e);
            }
            checkMembers(bundle, manifest);
            Files.createDirectories(dir);
            for (Map.Entry<String, String> e : manifest.entries().entrySet()) {
                ZipEntry entry = zip.getEntry(e.getKey());
                if (entry == null) {
                    throw new UserInputException(bundle + ": entry " + e.getKey() + " is listed in " + MANIFEST
                            + " but missing");
                }
                Path target = dir.resolve(e.getKey()).normalize();
                if (!target.startsWith(dir.normalize())) {
                    throw new UserInputException(bundle + ": entry name " + e.getKey() + " points outside the bundle");
                }
                Files.createDirectories(target.getParent());
                MessageDigest sha = sha256();
                try (InputStream in = new DigestInputStream(zip.getInputStream(entry), sha)) {
                    Files.copy(in, target);
                } catch (IOException io) {
                    throw new UserInputException(bundle + ": entry " + e.getKey() + " is damaged: " + io.getMessage(), io);
                }
                String actual = HexFormat.of().formatHex(sha.digest());
                if (!actual.equals(e.getValue())) {
                    throw new UserInputException(bundle + ": entry " + e.getKey() + " is damaged: its SHA-256 is "
                            + actual + " but " + MANIFEST + " records " + e.getValue());
                }
            }
            return manifest;
        } catch (java.util.zip.ZipException e) {
            throw new UserInputException(bundle + " is not a readable zip file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UserInputException("cannot read model bundle " + bundle + ": " + e.getMessage(), e);
        }
    }

    /** The bundle's SHA-256 as a whole (what predictions and evaluations record). */
    public static String sha256(Path bundle) {
        return Checksums.sha256(bundle);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
