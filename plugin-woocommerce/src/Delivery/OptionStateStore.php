<?php

namespace ExactSidecar\Delivery;

use ExactSidecar\Config;

/**
 * StateStore in non-autoloaded WordPress options (one small row per entity with a pending event);
 * works for orders on HPOS and posts storage, for customers and for deleted orders alike.
 */
final class OptionStateStore implements StateStore
{
    public static function optionName(string $type, string $entityId): string
    {
        return Config::OPTION_PREFIX . 'ob_' . preg_replace('/[^A-Za-z0-9_.-]/', '_', $type . '_' . $entityId);
    }

    public function get(string $type, string $entityId): ?array
    {
        $value = get_option(self::optionName($type, $entityId), null);
        return is_array($value) ? $value : null;
    }

    public function put(string $type, string $entityId, array $state): void
    {
        update_option(self::optionName($type, $entityId), $state, false);
    }

    public function delete(string $type, string $entityId): void
    {
        delete_option(self::optionName($type, $entityId));
    }
}
