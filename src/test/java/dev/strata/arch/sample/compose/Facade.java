package dev.strata.arch.sample.compose;

import javafx.beans.property.SimpleStringProperty;

/** Breaks "only the GUI touches JavaFX": the pipeline's facade holds a JavaFX property. */
public final class Facade {
    final SimpleStringProperty status = new SimpleStringProperty();
}
