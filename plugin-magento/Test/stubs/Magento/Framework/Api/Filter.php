<?php

declare(strict_types=1);

namespace Magento\Framework\Api;

/**
 * Stand-in of lib/internal/Magento/Framework/Api/Filter.php (getters; the real class extends
 * AbstractSimpleObject, whose constructor takes the data array).
 */
class Filter
{
    public const KEY_FIELD = 'field';
    public const KEY_VALUE = 'value';
    public const KEY_CONDITION_TYPE = 'condition_type';

    /** @var array<string, mixed> */
    private $data;

    /**
     * @param array<string, mixed> $data
     */
    public function __construct(array $data = [])
    {
        $this->data = $data;
    }

    /**
     * @return string
     */
    public function getField()
    {
        return $this->data[self::KEY_FIELD] ?? null;
    }

    /**
     * @return string
     */
    public function getValue()
    {
        return $this->data[self::KEY_VALUE] ?? null;
    }

    /**
     * @return string|null
     */
    public function getConditionType()
    {
        return $this->data[self::KEY_CONDITION_TYPE] ?? null;
    }
}
