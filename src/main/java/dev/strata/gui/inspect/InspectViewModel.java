package dev.strata.gui.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.Redaction;
import dev.strata.closure.Licence;
import dev.strata.closure.StorePath;
import dev.strata.compose.Sizes;
import dev.strata.gui.common.Pipeline;
import dev.strata.gui.common.Plural;
import dev.strata.gui.common.Tasks;
import dev.strata.input.PullOptions;
import dev.strata.inspect.ImageDiff;
import dev.strata.inspect.ImageInspection;
import dev.strata.inspect.WastedFiles;
import dev.strata.output.registry.TlsOptions;
import dev.strata.sbom.Inventory;
import dev.strata.sbom.InventoryLabel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * "Open image…": any image the image reader takes, read on a worker thread (cancellable, with
 * progress) and shown without composing anything: digests, platform and config, its layers with
 * their store paths and files, the bytes higher layers waste, a licence summary and, for images
 * Strata built, the closure with its references. "Compare" diffs two images: layers kept, added
 * and removed, bytes to pull by digest and by ChainID, packages changed.
 */
public final class InspectViewModel {
    /** A fact of the overview: name and value. */
    public record Fact(String name, String value) {}

    /** One layer, lowest first ({@code position} from 1). */
    public record LayerRow(int position, String digest, String diffId, long size, long uncompressedSize,
                           String mediaType, int files, List<StorePath> storePaths) {
        /** The store paths' names, or "" when it holds none. */
        public String storeNames() {
            return String.join(", ", storePaths.stream().map(StorePath::name).toList());
        }
    }

    /** One licence and the packages under it; {@code unfree} when the package set says it is not free. */
    public record LicenceRow(String licence, int packages, boolean unfree, String names) {}

    /** A store path of the closure with what it references (empty when the image recorded none). */
    public record ClosureRow(StorePath path, String name, String version, String licences, List<StorePath> references,
                             boolean root) {}

    /** A package the diff found added, removed, or changed in version. */
    public record PackageChange(String name, String change, String from, String to) {}

    /** Licence shown for store paths whose licence is not known (an image Strata did not build). */
    public static final String UNKNOWN_LICENCE = "unknown (not recorded)";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Pipeline pipeline;
    private final StringProperty reference = new SimpleStringProperty("");
    private final BooleanProperty insecure = new SimpleBooleanProperty(false);
    private final StringProperty dockerHost = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<ImageInspection> inspection = new ReadOnlyObjectWrapper<>();
    private final ObservableList<Fact> facts = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper configJson = new ReadOnlyStringWrapper("");
    private final ObservableList<LayerRow> layers = FXCollections.observableArrayList();
    private final ObservableList<WastedFiles.Wasted> wasted = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper wastedSummary = new ReadOnlyStringWrapper("");
    private final ObservableList<LicenceRow> licences = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper licenceSummary = new ReadOnlyStringWrapper("");
    private final ObservableList<ClosureRow> closure = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper closureSummary = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<FileTree> layerTree = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper layerTreeNote = new ReadOnlyStringWrapper("Select a layer to see its files");
    private final Map<Integer, FileTree> trees = new HashMap<>();

    private final StringProperty diffFrom = new SimpleStringProperty("");
    private final StringProperty diffTo = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper diffBusy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper diffError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper diffSummary = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<ImageDiff> diff = new ReadOnlyObjectWrapper<>();
    private final ObservableList<ImageDiff.LayerChange> diffLayers = FXCollections.observableArrayList();
    private final ObservableList<PackageChange> packageChanges = FXCollections.observableArrayList();

    private Tasks.PipelineTask<ImageInspection> reading;
    private Tasks.PipelineTask<ImageDiff> diffing;
    private Tasks.PipelineTask<FileTree> treeing;
    private long treeGeneration;

    public InspectViewModel(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** How registries and the daemon are reached: the insecure switch and the Docker host field. */
    PullOptions pullOptions() {
        PullOptions o = PullOptions.defaults().withTls(new TlsOptions(insecure.get(), null));
        String host = dockerHost.get() == null ? "" : dockerHost.get().strip();
        return host.isEmpty() ? o : o.withDockerHost(host);
    }

    /** Reads the image the reference names; a read under way is cancelled first. */
    public void open() {
        String ref = reference.get() == null ? "" : reference.get().strip();
        if (ref.isEmpty()) {
            error.set("Enter an image reference: oci:DIR[:TAG], oci-archive:FILE, docker-archive:FILE, "
                    + "docker://HOST/REPO:TAG (or HOST/REPO:TAG) or docker-daemon:NAME:TAG.");
            return;
        }
        cancel();
        PullOptions pulls = pullOptions();
        error.set("");
        busy.set(true);
        progress.set(-1);
        message.set("Reading " + Redaction.value(ref));
        reading = Tasks.of(p -> pipeline.inspectImage(ref, pulls, p))
                .onEvents(events -> events.forEach(e -> {
                    if (e.message() != null && !e.message().isBlank()) {
                        message.set(e.message());
                    }
                    if (e.fraction() >= 0) {
                        progress.set(e.fraction());
                    }
                }))
                .onSuccess(this::show)
                .onError(m -> {
                    error.set(aboutReference(m, ref));
                    message.set("");
                })
                .onCancelled(() -> message.set("Cancelled: " + Redaction.value(ref) + " was not read."))
                .onFinally(() -> {
                    busy.set(false);
                    reading = null;
                })
                .start();
    }

    /** Stops reading the image (and diffing); what was shown stays. */
    public void cancel() {
        if (reading != null) {
            reading.cancel(true);
        }
        if (treeing != null) {
            treeing.cancel(true);
        }
    }

    /** The running read, for tests that wait for it to stop. */
    Tasks.PipelineTask<ImageInspection> reading() {
        return reading;
    }

    private void show(ImageInspection i) {
        inspection.set(i);
        trees.clear();
        layerTree.set(null);
        layerTreeNote.set("Select a layer to see its files");
        long size = i.layers().stream().mapToLong(ImageInspection.Layer::size).sum();
        long unpacked = i.layers().stream().mapToLong(ImageInspection.Layer::uncompressedSize).sum();
        List<Fact> f = new ArrayList<>();
        f.add(new Fact("Reference", Redaction.value(i.reference())));
        f.add(new Fact("Manifest digest", i.manifestDigest()));
        f.add(new Fact("Config digest", i.configDigest()));
        f.add(new Fact("Platform", i.platform()));
        f.add(new Fact("Layers", i.layers().size() + " (" + Sizes.human(size) + " compressed, " + Sizes.human(unpacked)
                + " unpacked)"));
        f.add(new Fact("Wasted", Sizes.human(i.wasted().bytes()) + " in " + Plural.of(i.wasted().files().size(), "file")));
        f.add(new Fact("Packages", Plural.of(i.packages().items().size(), "store path") + (i.packages().provenance()
                == Inventory.Provenance.RECORDED ? ", recorded by Strata when it built the image"
                : ", named from the store paths in the layers (no licences or references recorded)")));
        facts.setAll(f);
        configJson.set(pretty(i.configJson()));
        List<LayerRow> rows = new ArrayList<>();
        for (int n = 0; n < i.layers().size(); n++) {
            ImageInspection.Layer l = i.layers().get(n);
            rows.add(new LayerRow(n + 1, l.digest(), l.diffId(), l.size(), l.uncompressedSize(), l.mediaType(),
                    l.listing().files().size(), l.listing().storePaths()));
        }
        layers.setAll(rows);
        wasted.setAll(i.wasted().files());
        wastedSummary.set(i.wasted().files().isEmpty() ? "No file is overwritten or deleted by a higher layer."
                : Sizes.human(i.wasted().bytes()) + " in " + Plural.of(i.wasted().files().size(), "file")
                + " that higher layers overwrite or delete: pulled and stored for nothing.");
        licences.setAll(licenceRows(i.packages()));
        long unfree = licences.stream().filter(LicenceRow::unfree).mapToLong(LicenceRow::packages).sum();
        licenceSummary.set(i.packages().items().isEmpty() ? "No store paths: nothing to license."
                : Plural.of(i.packages().items().size(), "store path") + " under " + Plural.of(licences.size(), "licence")
                + (unfree > 0 ? "; " + Plural.of(unfree, "package") + " unfree" : "; none unfree")
                + (i.packages().provenance() == Inventory.Provenance.STORE_NAMES
                ? ". Strata did not build this image, so its licences are not known." : "."));
        closure.setAll(closureRows(i.packages()));
        closureSummary.set(i.packages().items().isEmpty() ? "No Nix store paths in this image."
                : i.packages().provenance() == Inventory.Provenance.RECORDED
                ? Plural.of(closure.size(), "store path") + "; the requested packages first, open one to see what it references."
                : Plural.of(closure.size(), "store path") + " found in the layers; Strata did not build this image, so "
                + "their references are not known.");
        if (diffFrom.get().isBlank()) {
            diffFrom.set(i.reference());
        }
        message.set("Read " + Redaction.value(i.reference()) + ": " + Plural.of(i.layers().size(), "layer") + ".");
    }

    /**
     * A message that starts with the reference (capitalised by {@code ErrorText}: "Oci-archive:...")
     * reads as "Cannot read oci-archive:...: ..." instead.
     */
    static String aboutReference(String message, String ref) {
        if (ref.length() > 1 && message.length() > ref.length() && message.substring(0, ref.length())
                .equalsIgnoreCase(ref) && message.startsWith(ref.substring(1), 1)) {
            return "Cannot read " + ref + message.substring(ref.length());
        }
        return message;
    }

    /** The config as indented JSON; Strata's inventory label (long, one line) is named, not printed. */
    static String pretty(String json) {
        try {
            com.fasterxml.jackson.databind.JsonNode config = JSON.readTree(json);
            if (config.path("Labels").has(InventoryLabel.KEY)) {
                int length = config.path("Labels").path(InventoryLabel.KEY).asText().length();
                ((com.fasterxml.jackson.databind.node.ObjectNode) config.path("Labels")).put(InventoryLabel.KEY,
                        "(Strata's package inventory, " + length + " characters: see Licences and Closure)");
            }
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config);
        } catch (Exception e) {
            return json;
        }
    }

    /** Counts store paths by licence, most used first; unfree ones flagged, unknown ones together. */
    static List<LicenceRow> licenceRows(Inventory inventory) {
        Map<String, List<String>> names = new TreeMap<>();
        Set<String> unfree = new HashSet<>();
        for (Inventory.Item item : inventory.items()) {
            List<Licence> ls = item.meta().licences();
            String pkg = item.meta().pname().isEmpty() ? item.path().name() : item.meta().pname();
            if (ls.isEmpty()) {
                names.computeIfAbsent(UNKNOWN_LICENCE, k -> new ArrayList<>()).add(pkg);
            }
            for (Licence l : ls) {
                String key = l.spdxId().isEmpty() ? l.shown() : l.spdxId();
                names.computeIfAbsent(key, k -> new ArrayList<>()).add(pkg);
                if (!l.free()) {
                    unfree.add(key);
                }
            }
        }
        List<LicenceRow> rows = new ArrayList<>();
        names.forEach((k, v) -> rows.add(new LicenceRow(k, v.size(), unfree.contains(k),
                String.join(", ", v.stream().distinct().sorted().toList()))));
        rows.sort((a, b) -> a.packages() != b.packages() ? Integer.compare(b.packages(), a.packages())
                : a.licence().compareTo(b.licence()));
        return rows;
    }

    /** The closure's store paths, roots first (or those nothing references, when no roots were recorded). */
    static List<ClosureRow> closureRows(Inventory inventory) {
        Set<StorePath> roots = new HashSet<>(inventory.roots());
        if (roots.isEmpty() && inventory.provenance() == Inventory.Provenance.RECORDED) {
            Set<StorePath> referenced = new HashSet<>();
            inventory.items().forEach(i -> referenced.addAll(i.references()));
            inventory.items().stream().map(Inventory.Item::path).filter(p -> !referenced.contains(p)).forEach(roots::add);
        }
        Map<StorePath, ClosureRow> rows = new LinkedHashMap<>();
        for (Inventory.Item i : inventory.items()) {
            rows.put(i.path(), new ClosureRow(i.path(), i.meta().pname().isEmpty() ? i.path().name() : i.meta().pname(),
                    i.meta().version(), String.join(", ", i.meta().licences().stream()
                    .map(l -> l.spdxId().isEmpty() ? l.shown() : l.spdxId()).toList()), i.references(), roots.contains(i.path())));
        }
        List<ClosureRow> out = new ArrayList<>(rows.values().stream().filter(ClosureRow::root).toList());
        rows.values().stream().filter(r -> !r.root()).forEach(out::add);
        return out;
    }

    /** The closure row of a store path, or null. */
    public ClosureRow closureRow(StorePath p) {
        return closure.stream().filter(r -> r.path().equals(p)).findFirst().orElse(null);
    }

    /** Shows the file tree of a layer (position from 1); the tree is built on a worker thread once per layer. */
    public void selectLayer(int position) {
        ImageInspection i = inspection.get();
        long gen = ++treeGeneration;
        if (treeing != null) {
            treeing.cancel(true);
            treeing = null;
        }
        if (i == null || position < 1 || position > i.layers().size()) {
            layerTree.set(null);
            layerTreeNote.set("Select a layer to see its files");
            return;
        }
        FileTree known = trees.get(position);
        if (known != null) {
            layerTree.set(known);
            return;
        }
        layerTree.set(null);
        layerTreeNote.set("Reading the files of layer " + position + "\u2026");
        var files = i.layers().get(position - 1).listing().files();
        treeing = Tasks.of(p -> FileTree.of(files))
                .onSuccess(t -> {
                    trees.put(position, t);
                    if (gen == treeGeneration) {
                        layerTree.set(t);
                        layerTreeNote.set(t.root().children().isEmpty() ? "Layer " + position + " holds no files" : "");
                    }
                })
                .onError(m -> {
                    if (gen == treeGeneration) {
                        layerTreeNote.set(m);
                    }
                })
                .start();
    }

    /** Diffs the two references of the Compare tab; a diff under way is cancelled first. */
    public void compare() {
        String a = diffFrom.get() == null ? "" : diffFrom.get().strip();
        String b = diffTo.get() == null ? "" : diffTo.get().strip();
        if (a.isEmpty() || b.isEmpty()) {
            diffError.set("Enter both images: the one a host holds (From) and the one it pulls next (To).");
            return;
        }
        cancelCompare();
        PullOptions pulls = pullOptions();
        diffError.set("");
        diffBusy.set(true);
        diffSummary.set("Reading " + Redaction.value(a) + " and " + Redaction.value(b) + "\u2026");
        diffing = Tasks.of(p -> pipeline.diffImages(a, b, pulls, p))
                .onSuccess(d -> showDiff(Redaction.value(a), Redaction.value(b), d))
                .onError(m -> {
                    diffError.set(m);
                    diffSummary.set("");
                })
                .onCancelled(() -> diffSummary.set("Cancelled: nothing was compared."))
                .onFinally(() -> {
                    diffBusy.set(false);
                    diffing = null;
                })
                .start();
    }

    public void cancelCompare() {
        if (diffing != null) {
            diffing.cancel(true);
        }
    }

    private void showDiff(String a, String b, ImageDiff d) {
        diff.set(d);
        diffLayers.setAll(d.layers());
        List<PackageChange> p = new ArrayList<>();
        d.added().forEach(n -> p.add(new PackageChange(n, "added", "", "")));
        d.removed().forEach(n -> p.add(new PackageChange(n, "removed", "", "")));
        d.changed().forEach(c -> p.add(new PackageChange(c.name(), "changed", c.from(), c.to())));
        packageChanges.setAll(p);
        long kept = d.layers().stream().filter(l -> l.change().equals("kept")).count();
        long added = d.layers().stream().filter(l -> l.change().equals("added")).count();
        long removed = d.layers().stream().filter(l -> l.change().equals("removed")).count();
        diffSummary.set("A host holding " + a + " pulls " + Sizes.human(d.pullBytesByDigest()) + " by digest (containerd, "
                + "podman, Docker 29+) and " + Sizes.human(d.pullBytesByChain()) + " by ChainID (older Docker) for " + b
                + ". Layers: " + kept + " kept, " + added + " added, " + removed + " removed. Packages: "
                + d.added().size() + " added, " + d.removed().size() + " removed, " + d.changed().size() + " changed.");
    }

    public StringProperty referenceProperty() {
        return reference;
    }

    public BooleanProperty insecureProperty() {
        return insecure;
    }

    public StringProperty dockerHostProperty() {
        return dockerHost;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ImageInspection> inspectionProperty() {
        return inspection.getReadOnlyProperty();
    }

    public ObservableList<Fact> facts() {
        return facts;
    }

    public ReadOnlyStringProperty configJsonProperty() {
        return configJson.getReadOnlyProperty();
    }

    public ObservableList<LayerRow> layers() {
        return layers;
    }

    public ObservableList<WastedFiles.Wasted> wasted() {
        return wasted;
    }

    public ReadOnlyStringProperty wastedSummaryProperty() {
        return wastedSummary.getReadOnlyProperty();
    }

    public ObservableList<LicenceRow> licences() {
        return licences;
    }

    public ReadOnlyStringProperty licenceSummaryProperty() {
        return licenceSummary.getReadOnlyProperty();
    }

    public ObservableList<ClosureRow> closure() {
        return closure;
    }

    public ReadOnlyStringProperty closureSummaryProperty() {
        return closureSummary.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<FileTree> layerTreeProperty() {
        return layerTree.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty layerTreeNoteProperty() {
        return layerTreeNote.getReadOnlyProperty();
    }

    public StringProperty diffFromProperty() {
        return diffFrom;
    }

    public StringProperty diffToProperty() {
        return diffTo;
    }

    public ReadOnlyBooleanProperty diffBusyProperty() {
        return diffBusy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty diffErrorProperty() {
        return diffError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty diffSummaryProperty() {
        return diffSummary.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ImageDiff> diffProperty() {
        return diff.getReadOnlyProperty();
    }

    public ObservableList<ImageDiff.LayerChange> diffLayers() {
        return diffLayers;
    }

    public ObservableList<PackageChange> packageChanges() {
        return packageChanges;
    }
}
