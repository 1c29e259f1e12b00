<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Support;

use Magento\Framework\App\Config\ScopeConfigInterface;

/**
 * Configuration values from a plain array (default scope only).
 */
class ArrayScopeConfig implements ScopeConfigInterface
{
    /** @var array<string, mixed> */
    public $values;

    /**
     * @param array<string, mixed> $values
     */
    public function __construct(array $values = [])
    {
        $this->values = $values;
    }

    /**
     * @inheritDoc
     */
    public function getValue($path, $scopeType = self::SCOPE_TYPE_DEFAULT, $scopeCode = null)
    {
        return $this->values[$path] ?? null;
    }

    /**
     * @inheritDoc
     */
    public function isSetFlag($path, $scopeType = self::SCOPE_TYPE_DEFAULT, $scopeCode = null)
    {
        return !empty($this->values[$path]);
    }
}
