<?php

/**
 * Loads the plugin classes with the WordPress / WooCommerce stand-ins. Used by PHPUnit and by
 * tests/e2e/deliver.php. Never loaded by the plugin in production.
 */

// phpcs:disable PSR1.Files.SideEffects

require_once __DIR__ . '/WpState.php';
require_once __DIR__ . '/exceptions.php';
require_once __DIR__ . '/classes.php';
require_once __DIR__ . '/functions.php';
require_once __DIR__ . '/FeaturesUtil.php';
require_once dirname(__DIR__, 2) . '/src/autoload.php';

spl_autoload_register(static function (string $class): void {
    $prefix = 'ExactSidecar\\Tests\\';
    if (strncmp($class, $prefix, strlen($prefix)) === 0) {
        $file = dirname(__DIR__) . '/unit/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
        if (is_file($file)) {
            require_once $file;
        }
    }
});
