package io.socialsync.ingest.platform.fakeone;

import io.socialsync.ingest.platform.faketwo.FakeTwoPlatform;

/** Breaks "platforms never import each other". */
public class FakeOneUsesFakeTwo {
    FakeTwoPlatform other = new FakeTwoPlatform();
}
