<?php

declare(strict_types=1);

namespace Magento\Framework\App\Config;

/**
 * Stand-in of lib/internal/Magento/Framework/App/Config/ScopeConfigInterface.php.
 */
interface ScopeConfigInterface
{
    public const SCOPE_TYPE_DEFAULT = 'default';

    /**
     * @param string $path
     * @param string $scopeType
     * @param null|int|string $scopeCode
     * @return mixed
     */
    public function getValue($path, $scopeType = self::SCOPE_TYPE_DEFAULT, $scopeCode = null);

    /**
     * @param string $path
     * @param string $scopeType
     * @param null|int|string $scopeCode
     * @return bool
     */
    public function isSetFlag($path, $scopeType = self::SCOPE_TYPE_DEFAULT, $scopeCode = null);
}
