package io.socialsync.ingest.platform.faketwo;

/** Another platform made up for the architecture rules' own tests. */
public class FakeTwoPlatform {
}
