package io.socialsync.ingest.platform.fakeone;

/** A platform made up for the architecture rules' own tests. */
public class FakeOnePlatform {
}
