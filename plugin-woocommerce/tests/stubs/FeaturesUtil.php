<?php

namespace Automattic\WooCommerce\Utilities;

/**
 * Records compatibility declarations (WooCommerce 10.0.2 signature).
 */
final class FeaturesUtil
{
    /** @var array<int,array{0:string,1:string,2:bool}> */
    public static $declared = [];

    public static function declare_compatibility(string $featureId, string $pluginFile, bool $positive = true): bool
    {
        self::$declared[] = [$featureId, $pluginFile, $positive];
        return true;
    }
}
