# The only thing the demo set takes from the host: Debian's static busybox
# (package busybox-static), imported as a store DIRECTORY that contains just
# the one file. (Importing the file itself would give it a name like
# "<hash>-busybox", and busybox picks its applet from argv[0].)
builtins.path {
  path = /usr/bin;
  name = "bootstrap-busybox";
  filter = path: type: baseNameOf path == "busybox";
}
