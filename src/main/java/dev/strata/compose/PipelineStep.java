package dev.strata.compose;

/** The steps of the pipeline, in the order they run, as progress events name them. */
public enum PipelineStep {
    RESOLVE("Resolving the package source"),
    SEARCH("Listing packages"),
    NIX_BUILD("Building packages with Nix"),
    CLOSURE("Reading the closure"),
    BASE("Reading the base image"),
    PLAN("Planning layers"),
    LAYERS("Writing layers"),
    IMAGE("Writing config and manifest"),
    EXPORT("Saving the image"),
    PUSH("Pushing to the registry"),
    LOAD("Loading into the Docker daemon"),
    POPULARITY("Counting popularity");

    private final String title;

    PipelineStep(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
