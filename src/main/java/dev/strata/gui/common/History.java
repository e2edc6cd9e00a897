package dev.strata.gui.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

/**
 * Undo and redo over whole values: each committed edit records the value it left (for the window,
 * the whole recipe), and undo goes back to the value before it. Recording values rather than
 * edits means every field of the value is covered, including fields added later, and undo can
 * never drift out of step with what it undoes.
 *
 * <p>Typing coalesces: records made under the same non-null {@code key} (one text field being
 * typed into) replace the newest step instead of adding one, so "hello:1.0" typed letter by letter
 * is one step. A record under another key, or none, or an undo, ends the run.
 *
 * <p>Worked example: start at A; record B (key null), C (key "tag"), D (key "tag"): the steps are
 * A, B, D. Undo gives B, undo again A, redo B. Recording E now drops D: the steps are A, B, E.
 */
public final class History<T> {
    /** Steps kept at most; the oldest is forgotten first. */
    public static final int LIMIT = 200;

    private final List<T> steps = new ArrayList<>();
    private int current;
    private String runKey;
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(false);

    public History(T start) {
        reset(start);
    }

    /** Forgets every step: {@code start} is the only value (a recipe just opened or a new window). */
    public void reset(T start) {
        steps.clear();
        steps.add(start);
        current = 0;
        runKey = null;
        publish();
    }

    /**
     * Records the value an edit left. Nothing happens when it equals the current value.
     *
     * @param key the text field being typed into, or null for an edit that is a step of its own
     */
    public void record(T value, String key) {
        if (Objects.equals(value, steps.get(current))) {
            return;
        }
        steps.subList(current + 1, steps.size()).clear();
        if (key != null && key.equals(runKey) && current > 0) {
            steps.set(current, value);
            if (Objects.equals(value, steps.get(current - 1))) {
                steps.remove(current--); // typed back to what it was: no step at all
                runKey = null;
                publish();
                return;
            }
        } else {
            steps.add(value);
            current++;
            if (steps.size() > LIMIT) {
                steps.remove(0);
                current--;
            }
        }
        runKey = key;
        publish();
    }

    /** Ends a run of typing: the next record is a step of its own even under the same key. */
    public void endRun() {
        runKey = null;
    }

    /** The value before the current one, which becomes current; null when there is none. */
    public T undo() {
        runKey = null;
        if (current == 0) {
            return null;
        }
        current--;
        publish();
        return steps.get(current);
    }

    /** The value undone last, which becomes current again; null when there is none. */
    public T redo() {
        runKey = null;
        if (current == steps.size() - 1) {
            return null;
        }
        current++;
        publish();
        return steps.get(current);
    }

    public T current() {
        return steps.get(current);
    }

    private void publish() {
        canUndo.set(current > 0);
        canRedo.set(current < steps.size() - 1);
    }

    public ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRedoProperty() {
        return canRedo.getReadOnlyProperty();
    }
}
