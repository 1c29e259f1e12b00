<?php

namespace ExactSidecar\Tests\Support;

/**
 * Test data copied into the plugin (tests/data): never read from outside the project.
 */
final class Fixtures
{
    public static function path(string $name): string
    {
        return dirname(__DIR__, 2) . '/data/' . $name;
    }

    /**
     * @return mixed
     */
    public static function json(string $name, bool $assoc = true)
    {
        $raw = file_get_contents(self::path($name));
        if ($raw === false) {
            throw new \RuntimeException('Missing fixture ' . $name);
        }
        return json_decode($raw, $assoc, 512, JSON_THROW_ON_ERROR);
    }
}
