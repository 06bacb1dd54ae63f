package io.socialsync.ingest.platform.meta;

/** Stands for Meta's shared code in the architecture rules' own tests. */
public class FakeMetaShared {
}
