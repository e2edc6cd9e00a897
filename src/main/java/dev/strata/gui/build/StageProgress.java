package dev.strata.gui.build;

import dev.strata.compose.PipelineStep;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One stage of a build as the build screen lists it: waiting, running (with progress), done. */
public final class StageProgress {
    private final PipelineStep stage;
    private final StringProperty status = new SimpleStringProperty("waiting");
    private final DoubleProperty progress = new SimpleDoubleProperty(0);

    public StageProgress(PipelineStep stage) {
        this.stage = stage;
    }

    public PipelineStep stage() {
        return stage;
    }

    public String title() {
        return stage.title();
    }

    public StringProperty statusProperty() {
        return status;
    }

    /** 0..1, or -1 while running with no known total. */
    public DoubleProperty progressProperty() {
        return progress;
    }
}
