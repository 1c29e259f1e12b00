<?php

/**
 * PSR-4 autoloader for the ExactSidecar namespace (no Composer: the plugin ships without vendor code).
 *
 * @package ExactSidecar
 */

spl_autoload_register(static function (string $class): void {
    $prefix = 'ExactSidecar\\';
    if (strncmp($class, $prefix, strlen($prefix)) !== 0) {
        return;
    }
    $relative = substr($class, strlen($prefix));
    $file = __DIR__ . '/' . str_replace('\\', '/', $relative) . '.php';
    if (is_file($file)) {
        require_once $file;
    }
});
