<?php

declare(strict_types=1);

namespace Magento\Framework\Api\Search;

/**
 * Stand-in of lib/internal/Magento/Framework/Api/Search/FilterGroup.php (getFilters; filters of one group
 * are ORed).
 */
class FilterGroup
{
    public const FILTERS = 'filters';

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
     * @return \Magento\Framework\Api\Filter[]|null
     */
    public function getFilters()
    {
        return $this->data[self::FILTERS] ?? null;
    }
}
