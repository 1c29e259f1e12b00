<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Config\Source;

/**
 * Exact's item groups (GET /api/v1/shop/exact/options), by code, with an empty choice.
 */
class ExactItemGroups extends ExactList
{
    protected const KIND = 'item_group';
}
