<?php

/**
 * PHPUnit bootstrap: autoloads the module (ExactSidecar\Connector\ -> module root), its test support classes
 * and the hand-written Magento/PSR stand-ins under Test/stubs. No Composer, no Magento install.
 */

declare(strict_types=1);

require __DIR__ . '/autoload.php';
