<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model;

/**
 * Marks saves made by the sidecar's own pushback, so the observers do not send them back as new events.
 * A shared (singleton) instance in Magento's object manager, alive for one request.
 */
class PushbackGuard
{
    /** @var int */
    private $depth = 0;

    /**
     * Run $work with the guard active.
     *
     * @param callable $work
     * @return mixed whatever $work returns
     */
    public function run(callable $work)
    {
        $this->depth++;
        try {
            return $work();
        } finally {
            $this->depth--;
        }
    }

    /**
     * @return bool
     */
    public function isActive(): bool
    {
        return $this->depth > 0;
    }
}
