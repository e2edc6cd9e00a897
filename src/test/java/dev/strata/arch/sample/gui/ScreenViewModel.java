package dev.strata.arch.sample.gui;

import javafx.scene.control.Label;

/** Breaks "view models stay out of the scene graph": it holds a control. */
public final class ScreenViewModel {
    Label status;
}
