<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Config\Source;

/**
 * Exact's account classifications (GET /api/v1/shop/exact/options), by code, with an empty choice.
 */
class ExactClassifications extends ExactList
{
    protected const KIND = 'classification';
}
