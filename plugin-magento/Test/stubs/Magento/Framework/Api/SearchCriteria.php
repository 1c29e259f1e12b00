<?php

declare(strict_types=1);

namespace Magento\Framework\Api;

/**
 * Stand-in of lib/internal/Magento/Framework/Api/SearchCriteria.php (filter groups only; the real class
 * extends AbstractSimpleObject, whose constructor takes the data array).
 */
class SearchCriteria implements SearchCriteriaInterface
{
    public const FILTER_GROUPS = 'filter_groups';

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
     * @inheritDoc
     */
    public function getFilterGroups()
    {
        return $this->data[self::FILTER_GROUPS] ?? [];
    }
}
