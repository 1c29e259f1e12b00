<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Console\Command;

use ExactSidecar\Connector\Model\Outbox\Drain;
use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * bin/magento exact-sidecar:outbox:drain — one drain run now, in the foreground (for tests and debugging).
 */
class OutboxDrainCommand extends Command
{
    public const NAME = 'exact-sidecar:outbox:drain';

    /** @var Drain */
    private $drain;

    /**
     * @param Drain $drain
     */
    public function __construct(Drain $drain)
    {
        $this->drain = $drain;
        parent::__construct();
    }

    /**
     * @return void
     */
    protected function configure(): void
    {
        $this->setName(self::NAME)->setDescription('Deliver due outbox rows to the sidecar now (exact-sidecar).');
    }

    /**
     * @param InputInterface $input
     * @param OutputInterface $output
     * @return int
     */
    protected function execute(InputInterface $input, OutputInterface $output): int
    {
        $result = $this->drain->run();
        $output->writeln(sprintf(
            'delivered: %d  dead: %d  retry: %d  requests: %d%s',
            $result->delivered,
            $result->dead,
            $result->retry,
            $result->requests,
            $result->stoppedBecause !== null ? '  stopped: ' . $result->stoppedBecause : ''
        ));
        return $result->stoppedBecause === 'not_configured' ? Command::FAILURE : Command::SUCCESS;
    }
}
