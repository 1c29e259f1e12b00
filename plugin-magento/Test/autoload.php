<?php

/**
 * Autoloader shared by the unit tests and Test/e2e/deliver.php.
 */

declare(strict_types=1);

(static function (): void {
    $moduleRoot = dirname(__DIR__);
    $stubs = __DIR__ . '/stubs/';
    spl_autoload_register(static function (string $class) use ($moduleRoot, $stubs): void {
        $prefix = 'ExactSidecar\\Connector\\';
        if (strncmp($class, $prefix, strlen($prefix)) === 0) {
            $file = $moduleRoot . '/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
        } else {
            $file = $stubs . str_replace('\\', '/', $class) . '.php';
        }
        if (is_file($file)) {
            require $file;
        }
    });
    require_once $stubs . 'functions.php';
})();
